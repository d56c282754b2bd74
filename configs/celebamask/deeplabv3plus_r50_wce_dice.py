# The other loss switch for rare classes: class-weighted cross-entropy plus a soft Dice loss
# (per class, so small parts weigh as much as large ones). Same model as deeplabv3plus_r50.py.
_base_ = ['./deeplabv3plus_r50.py']
# The same hand-set weights as segformer_b2_wce_lovasz.py: 2 for small parts, 3 for glasses
# and hat, 4 for earring and necklace.
class_weight = [1.0, 1.0, 2.0, 3.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0,
                2.0, 2.0, 2.0, 1.0, 3.0, 4.0, 4.0, 1.0, 1.0]
# ClassWeightedCrossEntropyLoss: mmseg's CrossEntropyLoss(class_weight=...) crashes on the
# ignored (255) pixels that padding leaves; this one averages like PyTorch's weighted CE.
model = dict(decode_head=dict(loss_decode=[
    dict(type='ClassWeightedCrossEntropyLoss', class_weight=class_weight, loss_weight=1.0),
    dict(type='DiceLoss', use_sigmoid=False, loss_weight=1.0),
]))
