# Stage 5 of the shipped CPU model: continue its weights on a third set whose backgrounds are
# mostly procedural, since dead leaves were what moved the score on unseen photographs.
# Make the data first (train2 and train3 as in mobilenetv2_unet_cpu_dead_leaves.py):
#   python tools/make_logo_dataset.py data/logo/train4 --num 3000 --seed 30 --dead-leaves 0.75 --workers 2
#   python tools/train.py configs/logo/mobilenetv2_unet_cpu_dead_leaves_more.py --amp
_base_ = ['./mobilenetv2_unet_cpu_dead_leaves.py']
optim_wrapper = dict(optimizer=dict(lr=6e-4))
max_iters = 11000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0, end=100),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=100, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters)
train_dataloader = dict(dataset=dict(datasets=[
    dict(type={{_base_.dataset_type}}, data_root={{_base_.data_root}},
         data_prefix=dict(img_path=f'{split}/img', seg_map_path=f'{split}/mask'),
         pipeline={{_base_.train_pipeline}})
    for split in ('train2', 'train3', 'train4')
]))
