# Continue the shipped CPU model on photos plus procedural dead-leaves backgrounds, so that it
# learns the logo rather than the dozen training photographs. Make the data first:
#   python tools/make_logo_dataset.py data/logo/train2 --num 3000 --seed 10 --workers 2
#   python tools/make_logo_dataset.py data/logo/train3 --num 3000 --seed 20 --dead-leaves 0.5 --workers 2
#   python tools/train.py configs/logo/mobilenetv2_unet_cpu_dead_leaves.py
_base_ = ['./mobilenetv2_unet_cpu_continue.py']
max_iters = 6000
param_scheduler = [
    dict(type='LinearLR', start_factor=1e-2, by_epoch=False, begin=0, end=100),
    dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=100, end=max_iters, by_epoch=False),
]
train_cfg = dict(max_iters=max_iters)
train_dataloader = dict(dataset=dict(
    _delete_=True,
    type='ConcatDataset',
    datasets=[
        dict(type={{_base_.dataset_type}}, data_root={{_base_.data_root}},
             data_prefix=dict(img_path=f'{split}/img', seg_map_path=f'{split}/mask'),
             pipeline={{_base_.train_pipeline}})
        for split in ('train2', 'train3')
    ]))
