from .multilabel_cls_head import MultiLabelClsHead, labels_from_masks

__all__ = ['MultiLabelClsHead', 'labels_from_masks']
