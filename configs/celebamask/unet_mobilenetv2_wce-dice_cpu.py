# The CPU face parser with the loss switch for small and rare parts: class-weighted
# cross-entropy plus Dice (as in deeplabv3plus_r50_wce-dice.py), same data and schedule.
_base_ = ['./unet_mobilenetv2_cpu.py']
# mmseg's CrossEntropyLoss with class_weight averages like PyTorch's weighted CE, ignored (255)
# padding pixels included (tests/test_face_losses.py).
model = dict(decode_head=dict(loss_decode=[
    dict(type='CrossEntropyLoss', class_weight={{_base_.class_weight}}, loss_weight=1.0),
    dict(type='DiceLoss', use_sigmoid=False, loss_weight=1.0),
]))
