"""Score a Kaggle submission as the VOC 2009 competition does.

    python tools/score_kaggle.py SUBMISSION GROUND_TRUTH

Both files have the `Id,Predicted` schema (see README). Each ground-truth row is scored with
the Dice of its run-length runs and the submission's row of the same Id (1 when both are
empty); the score is the mean over all rows. The classification and segmentation halves are
printed too. Extra rows in the submission are ignored; a missing one is an error.
"""
import argparse
import json
from dataclasses import asdict
from pathlib import Path

from mmseg_custom.cli import run, user_errors
from mmseg_custom.evaluation.kaggle_dice import read_submission, score_rows


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('submission', type=Path, help='submission CSV (Id,Predicted)')
    parser.add_argument('ground_truth', type=Path, help='ground-truth CSV (Id,Predicted)')
    parser.add_argument('--json', action='store_true', help='print the scores as JSON')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    with user_errors():
        predicted, truth = read_submission(args.submission), read_submission(args.ground_truth)
        score = score_rows(predicted, truth)
    if args.json:
        print(json.dumps(asdict(score)))
    else:
        print(f'Dice {score.dice:.4f} over {score.rows} rows '
              f'(classification {score.classification_dice:.4f}, '
              f'segmentation {score.segmentation_dice:.4f})')
    return 0


if __name__ == '__main__':
    run(main)
