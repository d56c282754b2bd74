# unet_mobilenetv2_fullres_mila_cpu.py with its training images composed on the fly
# (SyntheticLogoDataset): the same recipe and options as its mila_train folder, but a fresh
# image at every draw and nothing on disk. Composing costs about 0.13 s of one core per image,
# so on a CPU the folder trains faster; on a GPU machine with spare cores this is the one to use.
#   python tools/train.py configs/logo/unet_mobilenetv2_fullres_mila_onthefly_cpu.py --amp
# With the challenge's own images (22,470 in <root>/train/{img,mask}), mix both, e.g.:
#   train_dataloader = dict(dataset=dict(_delete_=True, type='ConcatDataset', datasets=[
#       dict(type='LogoDataset', data_root='<root>', pipeline=train_pipeline,
#            data_prefix=dict(img_path='train/img', seg_map_path='train/mask')),
#       synthetic]))
_base_ = ['./unet_mobilenetv2_fullres_mila_cpu.py']
crop_size = (256, 256)
synthetic_pipeline = [  # the train pipeline after its two loaders
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.98),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='PackSegInputs'),
]
synthetic = dict(type='SyntheticLogoDataset', seed=50, dead_leaves=0.5, wide_scales=True,
                 vary_colour=True, distractors=0.3, pipeline=synthetic_pipeline)
train_dataloader = dict(dataset=dict(_delete_=True, **synthetic))
