# unet_mobilenetv2_scratch.py on the Kaggle competition's own files (train/train_set.csv,
# train/img/*.npy, train/seg/*.npy; train/ split 80/20 by a seeded shuffle). Set only the folder:
#   python tools/train.py configs/voc2009/unet_mobilenetv2_scratch_kaggle.py \
#       --cfg-options data_root=<competition>
_base_ = [
    '../_base_/models/mobilenetv2_unet_voc.py', '../_base_/datasets/voc2009_kaggle.py',
    '../_base_/default_runtime.py', '../_base_/schedules/adamw_poly_cpu_20k.py'
]
env_cfg = dict(cudnn_benchmark=False)
