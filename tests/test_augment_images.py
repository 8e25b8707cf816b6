"""Tests of the image transforms of reglab.data.augment: hand-computed cases, the draw/apply
split, seeding, probabilities, clipping, purity and error messages."""

import copy
import re

import numpy as np
import pytest
from scipy import ndimage
from sklearn.datasets import load_digits

from reglab.data.augment import (
    Brightness,
    ColorJitter,
    ColorJitterParams,
    Compose,
    Contrast,
    ContrastParams,
    CropParams,
    FlipParams,
    GaussianNoise,
    HorizontalFlip,
    Jitter,
    RandomCrop,
    Rotation,
    RotationParams,
    Translation,
    TranslationParams,
    VerticalFlip,
    Zoom,
    ZoomParams,
    augment_batch,
    expand_offline,
)


def rng(seed=0):
    return np.random.default_rng(seed)


def batch(shape=(6, 8, 8), seed=1):
    return rng(seed).random(shape)


def all_transforms():
    """One instance of every image transform, all applied (p=1), for RGB images."""
    return [
        HorizontalFlip(p=1.0),
        VerticalFlip(p=1.0),
        Rotation(degrees=(-30, 30)),
        RandomCrop(size=(5, 6)),
        RandomCrop(scale=(0.5, 0.9)),
        Translation(),
        Zoom(),
        Contrast(),
        Brightness(),
        ColorJitter(),
        GaussianNoise(std=0.1),
    ]


def applied(n):
    return np.ones(n, dtype=bool)


# --- flips -------------------------------------------------------------------------------


def test_horizontal_flip_reverses_columns_and_twice_is_identity():
    images = batch()
    flip = HorizontalFlip(p=1.0)
    once = flip(images, rng())
    np.testing.assert_array_equal(once, images[:, :, ::-1])
    np.testing.assert_array_equal(flip(once, rng()), images)


def test_vertical_flip_reverses_rows_and_twice_is_identity():
    images = batch((4, 5, 7, 3))
    flip = VerticalFlip(p=1.0)
    once = flip(images, rng())
    np.testing.assert_array_equal(once, images[:, ::-1])
    np.testing.assert_array_equal(flip(once, rng()), images)


@pytest.mark.parametrize("shape", [(3, 8, 8), (3, 6, 9, 3)])
def test_vertical_flip_is_rotate_180_then_horizontal_flip(shape):
    # The tutorial's remark: vertical flip = rotate 180 degrees, then flip horizontally.
    images = batch(shape)
    half_turn = Rotation(degrees=(180, 180), fill_mode="nearest")
    built = HorizontalFlip(p=1.0)(half_turn(images, rng()), rng())
    np.testing.assert_allclose(built, VerticalFlip(p=1.0)(images, rng()), atol=1e-12)


def test_flip_applies_only_where_params_say():
    images = batch((3, 4, 4))
    params = FlipParams(applied=np.array([True, False, True]))
    out = HorizontalFlip().apply(images, params)
    np.testing.assert_array_equal(out[0], images[0, :, ::-1])
    np.testing.assert_array_equal(out[1], images[1])
    np.testing.assert_array_equal(out[2], images[2, :, ::-1])


# --- rotation ----------------------------------------------------------------------------


@pytest.mark.parametrize("order", [0, 1, 3])
@pytest.mark.parametrize("side", [6, 24])  # one resampling call for the stack, or one per plane
def test_rotation_by_90_degrees_is_counter_clockwise_like_rot90(order, side):
    images = batch((3, side, side, 2))
    out = Rotation(degrees=(90, 90), order=order).apply(
        images, RotationParams(applied=applied(3), angle=np.full(3, 90.0))
    )
    np.testing.assert_allclose(out, np.rot90(images, k=1, axes=(1, 2)), atol=1e-12)


def test_rotation_by_minus_90_degrees_is_clockwise():
    image = np.array([[[1.0, 0.0], [0.0, 0.0]]])  # bright top-left corner
    out = Rotation(degrees=(-90, -90))(image, rng())
    np.testing.assert_allclose(out, [[[0.0, 1.0], [0.0, 0.0]]], atol=1e-12)  # -> top-right


def test_rotation_by_zero_is_identity_and_corners_fill_with_range_minimum():
    images = batch((2, 7, 7), seed=3) * 8 + 8  # digits-like, in [8, 16]
    still = Rotation(degrees=(0, 0), value_range=(0, 16))(images, rng())
    np.testing.assert_allclose(still, images, atol=1e-12)
    turned = Rotation(degrees=(45, 45), value_range=(0, 16), order=0)(images, rng())
    assert turned[0, 0, 0] == 0.0  # a corner comes from outside: cval = value_range[0]


# --- crop --------------------------------------------------------------------------------


def ramp(height=8, width=8):
    """image[r, c] = r + 10 c, linear, so bilinear resampling is exact."""
    rows, cols = np.indices((height, width), dtype=float)
    return (rows + 10 * cols)[np.newaxis]


def test_random_crop_of_known_coordinates_resizes_back_exactly():
    crop = RandomCrop(size=(4, 4), value_range=(0, 100))
    # position = fraction of the free room (8 - 4 = 4 pixels): top 0.5 * 4 = 2, left 1
    params = CropParams(applied=applied(1), position=np.array([[0.5, 0.25]]))
    out = crop.apply(ramp(), params)
    r, c = np.indices((8, 8))
    expected = (2 + r * 3 / 7) + 10 * (1 + c * 3 / 7)  # crop corners onto image corners
    np.testing.assert_allclose(out[0], expected, atol=1e-9)
    zoomed = ndimage.zoom(ramp()[0, 2:6, 1:5], 2, order=1)  # scipy's resize agrees
    np.testing.assert_allclose(out[0], zoomed, atol=1e-9)


def test_random_crop_scale_picks_side_fraction_and_full_crop_is_identity():
    crop = RandomCrop(scale=(0.5, 0.5), value_range=(0, 100))
    params = CropParams(applied=applied(1), position=np.array([[1.0, 0.0]]), scale=np.ones(1))
    np.testing.assert_allclose(crop.apply(ramp(), params), ramp(), atol=1e-12)
    half = CropParams(applied=applied(1), position=np.array([[1.0, 0.0]]), scale=np.full(1, 0.5))
    out = crop.apply(ramp(), half)  # 4x4 crop at the bottom-left: rows 4..7, columns 0..3
    np.testing.assert_allclose(out[0], ndimage.zoom(ramp()[0, 4:, :4], 2, order=1), atol=1e-9)


def test_random_crop_draws_positions_in_the_unit_square():
    params = RandomCrop(scale=(0.3, 0.7)).draw(500, rng())
    assert params.position.shape == (500, 2)
    assert params.position.min() >= 0 and params.position.max() <= 1
    assert 0.3 <= params.scale.min() and params.scale.max() <= 0.7


# --- translation -------------------------------------------------------------------------


def test_translation_moves_a_single_bright_pixel():
    image = np.zeros((1, 8, 8))
    image[0, 2, 3] = 1.0
    shift = TranslationParams(applied=applied(1), shift=np.array([[1.0, -2.0]]))
    out = Translation(unit="pixels").apply(image, shift)
    expected = np.zeros((1, 8, 8))
    expected[0, 3, 1] = 1.0  # one down, two left
    np.testing.assert_allclose(out, expected, atol=1e-12)


def test_translation_in_fractions_of_the_size_and_content_leaves_the_image():
    image = np.zeros((1, 8, 8))
    image[0, 7, 0] = 1.0
    down_quarter = TranslationParams(applied=applied(1), shift=np.array([[0.25, 0.5]]))
    out = Translation().apply(image, down_quarter)  # 2 pixels down, 4 right: off the image
    np.testing.assert_array_equal(out, np.zeros((1, 8, 8)))


# --- zoom --------------------------------------------------------------------------------


def centred_block():
    image = np.zeros((1, 9, 9))
    image[0, 3:6, 3:6] = 1.0
    return image


def test_zoom_in_on_a_centred_block_grows_it_about_the_centre():
    out = Zoom().apply(centred_block(), ZoomParams(applied=applied(1), scale=np.full(1, 3.0)))
    # output row r reads input row 4 + (r - 4) / 3: rows 0 and 8 read 2.67, two thirds in
    profile = np.array([2 / 3, 1, 1, 1, 1, 1, 1, 1, 2 / 3])
    np.testing.assert_allclose(out[0], np.outer(profile, profile), atol=1e-9)


def test_zoom_out_shrinks_a_centred_block_to_its_centre_pixel():
    out = Zoom().apply(centred_block(), ZoomParams(applied=applied(1), scale=np.full(1, 0.5)))
    expected = np.zeros((1, 9, 9))
    expected[0, 4, 4] = 1.0  # row r reads 4 + 2 (r - 4): only r = 4 lands in the block
    np.testing.assert_allclose(out, expected, atol=1e-12)


# --- intensity ---------------------------------------------------------------------------


def test_contrast_closed_form_with_clipping():
    image = np.array([[[0.2, 0.4], [0.6, 0.8]]])  # mean 0.5
    out = Contrast().apply(image, ContrastParams(applied=applied(1), factor=np.full(1, 2.0)))
    np.testing.assert_allclose(out, [[[0.0, 0.3], [0.7, 1.0]]])  # -0.1 and 1.1 clipped


def test_contrast_uses_each_channel_mean():
    image = np.stack([np.full((2, 2), 0.2), np.array([[0.0, 1.0], [0.0, 1.0]])], axis=-1)
    out = Contrast().apply(image[np.newaxis], ContrastParams(applied=applied(1), factor=[0.0]))
    np.testing.assert_allclose(out[0, ..., 0], 0.2)
    np.testing.assert_allclose(out[0, ..., 1], 0.5)


def test_brightness_is_a_fraction_of_the_value_range():
    digits = np.array([[[0.0, 8.0], [12.0, 16.0]]])
    bright = Brightness(delta=(0.25, 0.25), value_range=(0, 16))
    np.testing.assert_allclose(bright(digits, rng()), [[[4.0, 12.0], [16.0, 16.0]]])
    dark = Brightness(delta=(-0.5, -0.5), value_range=(0, 16))
    np.testing.assert_allclose(dark(digits, rng()), [[[0.0, 0.0], [4.0, 8.0]]])


def test_gaussian_noise_with_std_zero_is_identity():
    images = batch()
    np.testing.assert_array_equal(GaussianNoise(std=0.0)(images, rng()), images)


def test_gaussian_noise_has_the_requested_spread_in_range_units():
    images = np.full((4, 64, 64), 8.0)
    out = GaussianNoise(std=0.05, value_range=(0, 16))(images, rng())
    noise = out - images  # std 0.05 * 16 = 0.8, far from the clipping bounds
    assert abs(noise.mean()) < 0.02
    assert noise.std() == pytest.approx(0.8, rel=0.02)


# --- colour ------------------------------------------------------------------------------


def test_color_jitter_zero_saturation_gives_luma_grey_and_identity_keeps_image():
    images = batch((2, 4, 4, 3))
    grey = ColorJitter().apply(
        images, ColorJitterParams(applied=applied(2), saturation=np.zeros(2), hue=np.zeros(2))
    )
    luma = images @ np.array([0.299, 0.587, 0.114])
    np.testing.assert_allclose(grey, np.repeat(luma[..., np.newaxis], 3, axis=-1), atol=1e-12)
    same = ColorJitter().apply(
        images, ColorJitterParams(applied=applied(2), saturation=np.ones(2), hue=np.zeros(2))
    )
    np.testing.assert_allclose(same, images, atol=1e-12)


def test_color_jitter_third_of_a_turn_cycles_the_channels():
    images = batch((2, 3, 3, 3))
    params = ColorJitterParams(applied=applied(2), saturation=np.ones(2), hue=np.full(2, 1 / 3))
    out = ColorJitter(hue=(-0.5, 0.5)).apply(images, params)
    np.testing.assert_allclose(out, images[..., [2, 0, 1]], atol=1e-12)  # r <- b, g <- r


def test_color_jitter_rejects_grayscale_clearly():
    message = "images must be RGB, shaped (N, H, W, 3), for ColorJitter, got shape (2, 4, 4)"
    with pytest.raises(ValueError, match=re.escape(message)):
        ColorJitter()(batch((2, 4, 4)), rng())


# --- properties shared by every transform ------------------------------------------------


@pytest.mark.parametrize("transform", all_transforms(), ids=repr)
def test_same_seed_same_batch_and_other_seeds_differ(transform):
    images = batch((8, 8, 8, 3))
    first, again = transform(images, rng(5)), transform(images, rng(5))
    np.testing.assert_array_equal(first, again)
    if not isinstance(transform, HorizontalFlip | VerticalFlip):  # p=1 flips: no randomness
        assert not np.allclose(first, transform(images, rng(6)))


@pytest.mark.parametrize("transform", all_transforms(), ids=repr)
def test_apply_is_pure_and_replays_a_draw(transform):
    images = batch((8, 8, 8, 3))
    kept = images.copy()
    params = transform.draw(len(images), rng())
    out = transform.apply(images, params)
    np.testing.assert_array_equal(images, kept)  # never mutated
    assert out is not images and out.shape == images.shape
    np.testing.assert_array_equal(transform.apply(images, params), out)
    assert out.min() >= 0.0 and out.max() <= 1.0  # clipped into value_range


@pytest.mark.parametrize("transform", all_transforms(), ids=repr)
def test_p_zero_is_identity_and_p_one_always_applies(transform):
    transform = copy.deepcopy(transform)  # the parametrized instance is shared
    images = batch((8, 8, 8, 3))
    transform.p = 0.0
    assert not transform.draw(100, rng()).applied.any()
    out = transform(images, rng())
    np.testing.assert_array_equal(out, images)
    assert out is not images
    transform.p = 1.0
    assert transform.draw(100, rng()).applied.all()
    changed = transform(images, rng())
    assert all(not np.allclose(changed[i], images[i]) for i in range(len(images)))


def test_p_half_applies_to_about_half():
    assert HorizontalFlip(p=0.5).draw(4000, rng()).applied.mean() == pytest.approx(0.5, abs=0.03)


def test_grayscale_and_single_channel_batches_agree():
    images = batch((4, 8, 8))
    chain = Compose([Rotation(), Zoom(), Contrast(), GaussianNoise()])
    flat = chain(images, rng(2))
    channel = chain(images[..., np.newaxis], rng(2))
    np.testing.assert_allclose(channel[..., 0], flat, atol=1e-12)


def test_not_training_is_identity():
    images = batch()
    np.testing.assert_array_equal(Rotation()(images, rng(), training=False), images)


def test_compose_draws_then_applies_each_step_in_order():
    images = batch((5, 8, 8, 3))
    steps = [HorizontalFlip(), Rotation(), Brightness(), ColorJitter()]
    chain = Compose(steps)
    params = chain.draw(5, rng())
    expected = images
    for step, step_params in zip(steps, params.steps, strict=True):
        expected = step.apply(expected, step_params)
    np.testing.assert_array_equal(chain.apply(images, params), expected)
    np.testing.assert_array_equal(chain(images, rng()), expected)


def test_reprs_name_class_and_arguments():
    assert repr(Rotation(degrees=(-5, 5))) == (
        "Rotation(degrees=(-5.0, 5.0), p=1.0, value_range=(0.0, 1.0), fill_mode='constant', "
        "order=1)"
    )
    assert repr(Compose([HorizontalFlip()])) == (
        "Compose(transforms=[HorizontalFlip(p=0.5, value_range=(0.0, 1.0))])"
    )
    assert repr(FlipParams(applied=np.array([True, False]))) == "FlipParams(n=2, applied=1)"


# --- online and offline with rows --------------------------------------------------------


def test_augment_batch_on_flattened_rows_and_on_a_model_axis():
    rows = batch((3, 5, 64))  # K=3 models, batch of 5 digits of 8x8, flattened
    flip = HorizontalFlip(p=1.0)
    out = augment_batch(flip, rows, rng(), image_shape=(8, 8))
    assert out.shape == rows.shape
    np.testing.assert_array_equal(out, rows.reshape(3, 5, 8, 8)[..., ::-1].reshape(3, 5, 64))
    chain = Compose([Rotation(), GaussianNoise()])
    stacked = augment_batch(chain, rows, rng(4), image_shape=(8, 8))
    one = augment_batch(chain, rows.reshape(15, 64), rng(4), image_shape=(8, 8))
    np.testing.assert_array_equal(stacked, one.reshape(3, 5, 64))  # one rng, row order


def test_augment_batch_on_digits_rows_in_their_own_range():
    X = load_digits().data[:32]  # (32, 64), pixels 0..16
    chain = Compose(
        [
            Rotation(value_range=(0, 16)),
            RandomCrop(scale=(0.7, 1.0), value_range=(0, 16)),
            Brightness(value_range=(0, 16)),
            GaussianNoise(value_range=(0, 16)),
        ]
    )
    out = augment_batch(chain, X, rng(), image_shape=(8, 8))
    assert out.shape == X.shape and out.min() >= 0 and out.max() <= 16
    assert out.max() > 1  # stayed in digit units, not squashed into [0, 1]
    with pytest.raises(ValueError, match=re.escape("images must lie within value_range [0, 1]")):
        augment_batch(Rotation(), X, rng(), image_shape=(8, 8))


def test_augment_batch_rgb_rows_and_training_flag():
    rows = batch((4, 4 * 4 * 3))
    out = augment_batch(ColorJitter(), rows, rng(), image_shape=(4, 4, 3))
    assert out.shape == (4, 48) and not np.allclose(out, rows)
    same = augment_batch(ColorJitter(), rows, rng(), image_shape=(4, 4, 3), training=False)
    np.testing.assert_array_equal(same, rows)


def test_expand_offline_doubles_the_data_set_with_a_flip():
    rows, y = batch((10, 64)), np.arange(10)
    X_new, y_new = expand_offline(HorizontalFlip(p=1.0), rows, y, 2, rng(), image_shape=(8, 8))
    assert X_new.shape == (20, 64) and y_new.shape == (20,)
    np.testing.assert_array_equal(X_new[:10], rows)
    np.testing.assert_array_equal(X_new[10:], rows.reshape(10, 8, 8)[..., ::-1].reshape(10, 64))
    np.testing.assert_array_equal(y_new, np.concatenate([y, y]))


def test_expand_offline_on_image_arrays_has_n_times_factor_examples():
    images, y = batch((6, 8, 8)), np.eye(6)  # one-hot labels
    X_new, y_new = expand_offline(Rotation(), images, y, 3, rng())
    assert X_new.shape == (18, 8, 8) and y_new.shape == (18, 6)
    assert not np.allclose(X_new[6:12], X_new[12:])  # each copy is a fresh draw


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: HorizontalFlip(p=1.5), ValueError, "p must be in [0, 1], got 1.5"),
        (lambda: Zoom(p=-0.1), ValueError, "p must be in [0, 1], got -0.1"),
        (
            lambda: Rotation(degrees=(20, 10)),
            ValueError,
            "degrees must be (low, high) with low <= high, got (20, 10)",
        ),
        (lambda: Rotation(degrees=15), ValueError, "degrees must be a (low, high) pair, got 15"),
        (lambda: Rotation(order=7), ValueError, "order must be <= 5, got 7"),
        (
            lambda: Rotation(fill_mode="wrap"),
            ValueError,
            "fill_mode must be one of 'constant', 'nearest', 'reflect', 'mirror', got 'wrap'",
        ),
        (lambda: Zoom(scale=(0, 2)), ValueError, "scale must be > 0, got (0, 2)"),
        (
            lambda: Translation(height_shift=(0, 1.5)),
            ValueError,
            "height_shift must be in [-1, 1], got 1.5",
        ),
        (
            lambda: RandomCrop(),
            ValueError,
            "RandomCrop needs exactly one of size and scale, got size=None, scale=None",
        ),
        (lambda: RandomCrop(size=0), ValueError, "size must be >= 1, got 0"),
        (lambda: RandomCrop(scale=(0.5, 1.2)), ValueError, "scale must be in [0, 1], got 1.2"),
        (lambda: Contrast(factor=(-1, 1)), ValueError, "factor must be >= 0, got -1"),
        (lambda: Brightness(delta=(-2, 0)), ValueError, "delta must be in [-1, 1], got -2"),
        (lambda: GaussianNoise(std=-0.1), ValueError, "std must be >= 0, got -0.1"),
        (lambda: ColorJitter(hue=(0, 0.7)), ValueError, "hue must be in [-0.5, 0.5], got 0.7"),
        (
            lambda: Brightness(value_range=(1, 1)),
            ValueError,
            "value_range must have minimum < maximum, got (1, 1)",
        ),
        (lambda: Compose([]), ValueError, "transforms must not be empty, got []"),
        (
            lambda: Compose([HorizontalFlip(), Jitter()]),
            ValueError,
            "transforms must all be of one kind, got kinds ['image', 'points']",
        ),
        (
            lambda: Compose([HorizontalFlip(), Contrast(value_range=(0, 16))]),
            ValueError,
            "transforms must share one value_range, got (0.0, 1.0), (0.0, 16.0)",
        ),
    ],
)
def test_bad_arguments_are_named_with_their_value(build, error, message):
    with pytest.raises(error, match=re.escape(message)):
        build()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: HorizontalFlip()(np.zeros((8, 8)), rng()),
            "images must have 3 or 4 dimensions, got shape (8, 8)",
        ),
        (
            lambda: Rotation()(np.full((2, 4, 4), np.nan), rng()),
            "images must contain only finite values, got 32 NaN or infinite",
        ),
        (
            lambda: Zoom()(np.full((2, 4, 4), 16.0), rng()),
            "images must lie within value_range [0, 1], got values in [16, 16]",
        ),
        (
            lambda: RandomCrop(size=(10, 4))(np.zeros((2, 8, 8)), rng()),
            "size must fit in the images of shape (8, 8), got (10, 4)",
        ),
        (
            lambda: HorizontalFlip().apply(np.zeros((3, 4, 4)), FlipParams(applied=applied(2))),
            "params must be drawn for 3 examples, got 2",
        ),
        (
            lambda: augment_batch(HorizontalFlip(), np.zeros((4, 64)), rng()),
            "image_shape must be given to augment rows of images, got None",
        ),
        (
            lambda: augment_batch(HorizontalFlip(), np.zeros((4, 63)), rng(), image_shape=(8, 8)),
            "image_shape must be (H, W) or (H, W, C) with H * W * C = 63 features, got (8, 8)",
        ),
        (
            lambda: expand_offline(HorizontalFlip(), np.zeros((4, 8, 8)), np.zeros(4), 0, rng()),
            "factor must be >= 1, got 0",
        ),
        (
            lambda: expand_offline(
                HorizontalFlip(), np.zeros((4, 8, 8)), np.zeros(4), 2, rng(), image_shape=(8, 8)
            ),
            "image_shape is only for rows (n, features), got (8, 8) with X of shape (4, 8, 8)",
        ),
    ],
)
def test_bad_data_is_named_with_its_value(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_rng_must_be_a_generator():
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator, got RandomState"):
        HorizontalFlip()(batch(), np.random.RandomState(0))


def test_placement_moves_the_content_whole_to_every_free_position():
    from reglab.data.augment import Placement, PlacementParams

    image = np.zeros((6, 7))
    image[1:3, 2:5] = [[0.5, 1.0, 0.5], [0.2, 0.0, 0.9]]  # a 2 x 3 box; one pixel inside is 0
    placement = Placement()
    corner = placement.apply(image[None], PlacementParams([True], [[0.0, 0.0]]))[0]
    np.testing.assert_array_equal(corner[:2, :3], image[1:3, 2:5])
    assert corner.sum() == pytest.approx(image.sum())
    far = placement.apply(image[None], PlacementParams([True], [[0.999, 0.999]]))[0]
    np.testing.assert_array_equal(far[4:, 4:], image[1:3, 2:5])  # (6 - 2, 7 - 3)
    moved = placement(np.repeat(image[None], 500, axis=0), np.random.default_rng(0))
    tops = {tuple(np.argwhere(m > 0).min(axis=0)) for m in moved}
    assert len(tops) == 5 * 5  # every (row, column) that keeps the box inside: 5 x 5
    assert np.allclose(moved.sum(axis=(1, 2)), image.sum())
    blank = np.zeros((1, 4, 4))
    np.testing.assert_array_equal(placement(blank, np.random.default_rng(0)), blank)
