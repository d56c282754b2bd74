# unet_lab_deconv.py shrunk for a CPU: the same network with 16..256 channels (1.94M parameters
# instead of 31M) on 128x128 inputs; the lab's data, loss, schedule and logging unchanged.
# A trial of the whole lab on a laptop, not the lab's model:
#   python tools/train.py configs/unet_lab/unet_lab-small_deconv_cpu.py --cfg-options data_root=<handout>
_base_ = ['./unet_lab_deconv.py']
image_size = (128, 128)
model = dict(backbone=dict(base_channels=16), decode_head=dict(in_channels=16, channels=16))
train_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='LoadBinaryAnnotations'),
    dict(type='Resize', scale=image_size, keep_ratio=False),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', color_type='color_ignore_orientation'),
    dict(type='Resize', scale=image_size, keep_ratio=False),
    dict(type='LoadBinaryAnnotations'),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
