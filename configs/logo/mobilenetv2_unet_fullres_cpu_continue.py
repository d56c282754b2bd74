# Stage 7 of the shipped CPU model: stage 6's network (loaded from the shipped checkpoint)
# continued at a lower learning rate on a fourth data set with fresh backgrounds, since
# validation was still rising when stage 6 ended. Make the data first:
#   python tools/make_logo_dataset.py data/logo/train5 --num 3000 --seed 40 --dead-leaves 0.6 --workers 2
#   python tools/train.py configs/logo/mobilenetv2_unet_fullres_cpu_continue.py --amp
_base_ = ['./mobilenetv2_unet_fullres_cpu.py']
optim_wrapper = dict(optimizer=dict(lr=4e-4))
max_iters = 7500
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0, end=100),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=100, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters)
train_dataloader = dict(dataset=dict(datasets=[
    dict(type={{_base_.dataset_type}}, data_root={{_base_.data_root}},
         data_prefix=dict(img_path=f'{split}/img', seg_map_path=f'{split}/mask'),
         pipeline={{_base_.train_pipeline}})
    for split in ('train2', 'train3', 'train4', 'train5')
]))
