"""Write the birds checker's two files: segmentation.py and segmentation_model.pth.

    python tools/export_birds_submission.py configs/birds/unet_lab-small.py \
        work_dirs/unet_lab-small/best_iou_iter_*.pth --out submission/

segmentation.py is self-contained (torch, numpy, PIL): the lab U-Net of the config, the same
preprocessing as the MMSegmentation test pipeline, get_model(), predict(model, img_path) and
train_model(train_data_path). segmentation_model.pth is a plain state_dict for get_model().
"""
import argparse
from pathlib import Path

from mmseg_custom.cli import run, user_errors


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', help='the config the checkpoint was trained with')
    parser.add_argument('checkpoint', help='trained weights (.pth)')
    parser.add_argument('--out', type=Path, required=True, help='folder for the two files')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    from mmseg_custom.export.birds import export_birds
    with user_errors():
        paths = export_birds(args.config, args.checkpoint, args.out)
    print(f'wrote {paths["code"]} and {paths["weights"]}')
    return 0


if __name__ == '__main__':
    run(main)
