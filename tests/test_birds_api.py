"""The bird segmentation API: predict() on grayscale / colour images of odd sizes, train_model()."""
import cv2
import numpy as np
import pytest
from mmengine.config import Config
from mmseg.apis import init_model

from mmseg_custom.birds_api import BIRDS_CONFIG, predict, train_model
from mmseg_custom.errors import UserError


@pytest.fixture(scope='module')
def untrained_model():
    """The birds U-Net with random weights (predict only needs a model with its config)."""
    return init_model(Config.fromfile(str(BIRDS_CONFIG)), checkpoint=None, device='cpu')


@pytest.mark.parametrize('shape', [(75, 103), (75, 103, 3), (40, 33, 4)])
def test_predict_gives_probabilities_at_the_image_size(untrained_model, tmp_path, shape):
    path = tmp_path / 'bird.png'
    cv2.imwrite(str(path), np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8))
    probabilities = predict(untrained_model, path)
    assert probabilities.dtype == np.float32
    assert probabilities.shape == shape[:2]  # sizes that are not multiples of 16 come back whole
    assert 0.0 <= probabilities.min() and probabilities.max() <= 1.0


def test_predict_names_a_missing_or_broken_image(untrained_model, tmp_path):
    with pytest.raises(FileNotFoundError, match='nope.jpg'):
        predict(untrained_model, tmp_path / 'nope.jpg')
    (tmp_path / 'broken.jpg').write_bytes(b'not an image')
    with pytest.raises(UserError, match='broken.jpg'):
        predict(untrained_model, tmp_path / 'broken.jpg')


def test_train_model_returns_a_model_predict_accepts(birds_data, tmp_path):
    model = train_model(birds_data / 'train', config=BIRDS_CONFIG, work_dir=tmp_path / 'run',
                        cfg_options={'train_cfg.max_iters': 2, 'train_dataloader.batch_size': 2,
                                     'train_dataloader.num_workers': 0,
                                     'train_dataloader.persistent_workers': False})
    assert (tmp_path / 'run' / 'iter_2.pth').is_file()
    assert not model.training and model.dataset_meta['classes'] == ('background', 'bird')
    gray = next((birds_data / 'train' / 'images').rglob('*.jpg'))
    image = cv2.imread(str(gray), cv2.IMREAD_GRAYSCALE)
    cv2.imwrite(str(tmp_path / 'gray.jpg'), image)
    probabilities = predict(model, tmp_path / 'gray.jpg')
    assert probabilities.shape == image.shape and probabilities.dtype == np.float32


def test_train_model_explains_a_wrong_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match='no images/ folder'):
        train_model(tmp_path)
