"""White-box adversarial attacks on frozen segmentation models, in pixel space.

`pixel_model` wraps any registered segmentor so that it takes images in [0, 1];
`goals` defines what an attack wants (untargeted, make a class appear, make it vanish);
`gradient` holds FGSM and PGD; `learned` the encoder-decoder attacker; `report` the
measurements and the pictures.
"""
