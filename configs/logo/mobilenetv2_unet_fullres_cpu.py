# Stage 6 of the shipped CPU model: the stage-5 network plus a residual refinement at full
# resolution from the image (RefinedUNetHead), so that thin strokes survive; at half resolution
# even perfect logits cap the mean per-image IoU near 0.94. Every stage-5 weight loads and the
# refinement starts at zero, so training starts from stage 5's exact predictions. Same data:
#   python tools/train.py configs/logo/mobilenetv2_unet_fullres_cpu.py --amp
_base_ = ['./mobilenetv2_unet_cpu_dead_leaves_more.py']
model = dict(
    type='ImageSkipEncoderDecoder',
    decode_head=dict(type='RefinedUNetHead', in_index=[1, 2, 3, 4, 5], refine_channels=16))
max_iters = 8000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0, end=100),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=100, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters)
