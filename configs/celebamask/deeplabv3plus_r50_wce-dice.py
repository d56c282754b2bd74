# The other loss switch for rare classes: class-weighted cross-entropy plus a soft Dice loss
# (per class, so small parts weigh as much as large ones). Same model as deeplabv3plus_r50.py.
_base_ = ['./deeplabv3plus_r50.py']
# mmseg's CrossEntropyLoss with class_weight averages like PyTorch's weighted CE, ignored (255)
# padding pixels included (tests/test_face_losses.py).
model = dict(decode_head=dict(loss_decode=[
    dict(type='CrossEntropyLoss', class_weight={{_base_.class_weight}}, loss_weight=1.0),
    dict(type='DiceLoss', use_sigmoid=False, loss_weight=1.0),
]))
