# The other loss switch for rare classes: class-weighted cross-entropy plus a soft Dice loss
# (per class, so small parts weigh as much as large ones). Same model as deeplabv3plus_r50.py.
_base_ = ['./deeplabv3plus_r50.py']
# ClassWeightedCrossEntropyLoss: mmseg's CrossEntropyLoss(class_weight=...) crashes on the
# ignored (255) pixels that padding leaves; this one averages like PyTorch's weighted CE.
model = dict(decode_head=dict(loss_decode=[
    dict(type='ClassWeightedCrossEntropyLoss', class_weight={{_base_.class_weight}}, loss_weight=1.0),
    dict(type='DiceLoss', use_sigmoid=False, loss_weight=1.0),
]))
