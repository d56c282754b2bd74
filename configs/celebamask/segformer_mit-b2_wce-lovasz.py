# The loss switch for rare classes: class-weighted cross-entropy plus the Lovasz-softmax
# loss (a surrogate of the IoU itself, computed over the batch). Same model as segformer_mit-b2.py.
_base_ = ['./segformer_mit-b2.py']
# mmseg's CrossEntropyLoss with class_weight averages like PyTorch's weighted CE, ignored (255)
# padding pixels included (tests/test_face_losses.py).
model = dict(decode_head=dict(loss_decode=[
    dict(type='CrossEntropyLoss', class_weight={{_base_.class_weight}}, loss_weight=1.0),
    dict(type='LovaszLoss', loss_type='multi_class', per_image=False, reduction='none',
         loss_weight=1.0),
]))
