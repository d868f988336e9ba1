"""Turning a dense classifier into convolutions: the same scores on a crop of
the training size, a map of scores on a larger image.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np

from _figure_style import BACKGROUND, INK, SERIES

# A small conv body without padding, so that every output position sees a whole
# window.
body = keras.Sequential(
    [
        keras.Input(shape=(None, None, 3)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
    ],
    name="body",
)

# --8<-- [start:nets]
# The classifier as trained: flatten the body's map, two fully connected
# layers.
classifier = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        body,
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10),
    ]
)

# The same classifier, fully convolutional: the first Dense layer becomes a
# convolution whose 6x6 kernel covers the whole map it read; the second becomes
# a 1x1 convolution.
fc6 = keras.layers.Conv2D(64, 6, activation="relu")
fc7 = keras.layers.Conv2D(10, 1)
fully_conv = keras.Sequential(
    [keras.Input(shape=(None, None, 3)), body, fc6, fc7]
)

dense6, dense7 = classifier.layers[-2], classifier.layers[-1]
kernel6, bias6 = dense6.get_weights()
kernel7, bias7 = dense7.get_weights()
# Flatten's order is (row, col, ch)
fc6.set_weights([kernel6.reshape(6, 6, 32, 64), bias6])
fc7.set_weights([kernel7.reshape(1, 1, 64, 10), bias7])
# --8<-- [end:nets]

rng = np.random.default_rng(0)
small = rng.normal(size=(1, 32, 32, 3)).astype("float32")
large = rng.normal(size=(1, 64, 64, 3)).astype("float32")

body_small = body.compute_output_shape((None, 32, 32, 3))
body_large = body.compute_output_shape((None, 64, 64, 3))
print(
    "body on 32x32:",
    body_small,
    "->",
    int(np.prod(body_small[1:])),
    "features",
)
print(
    "body on 64x64:",
    body_large,
    "->",
    int(np.prod(body_large[1:])),
    "features",
)
print("the first Dense layer expects", kernel6.shape[0])
dense_cannot_take = int(np.prod(body_large[1:])) != kernel6.shape[0]
print(
    "parameters:", classifier.count_params(), "and", fully_conv.count_params()
)

scores_small = keras.ops.convert_to_numpy(fully_conv(small))
score_map = keras.ops.convert_to_numpy(fully_conv(large))
print("dense classifier on 32x32:   ", classifier.output_shape)
print("fully convolutional, 32x32:  ", scores_small.shape)
print("fully convolutional, 64x64:  ", score_map.shape)
# Every fully connected layer after the first reads one position's features:
# a 1x1 convolution.
later_fc_are_1x1 = all(
    layer.kernel_size == (1, 1) for layer in fully_conv.layers[2:]
)
same_at_32 = np.allclose(
    keras.ops.convert_to_numpy(classifier(small)),
    scores_small[:, 0, 0, :],
    atol=1e-5,
)
print("same scores at 32x32:", same_at_32)

# Each position of the score map is the classifier run on one 32x32 window of
# the large image; the windows step by the body's total stride.
stride = (64 - 32) // (score_map.shape[1] - 1)
crops = np.stack(
    [
        large[0, stride * i : stride * i + 32, stride * j : stride * j + 32]
        for i in range(score_map.shape[1])
        for j in range(score_map.shape[2])
    ]
)
crop_scores = keras.ops.convert_to_numpy(classifier(crops))
crop_scores = crop_scores.reshape(score_map.shape)
print("window stride:", stride)
every_window = np.allclose(crop_scores, score_map, atol=1e-4)
print("every map position = classifier on its window:", every_window)

# The same body with padding="same", the same weights and a linear 8x8 head:
# each crop is padded with zeros at its own edges, where the sliding version
# sees real neighbouring pixels.
padded = keras.Sequential(
    [
        keras.Input(shape=(None, None, 3)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(10, 8),  # covers the whole map of a training crop
    ]
)
padded.set_weights(body.get_weights() + padded.layers[-1].get_weights())
padded_map = keras.ops.convert_to_numpy(padded(large))
padded_crops = keras.ops.convert_to_numpy(padded(crops))
padded_crops = padded_crops.reshape(padded_map.shape)
padded_matches = int(
    np.isclose(padded_crops, padded_map, atol=1e-4).all(axis=-1).sum()
)
print(
    "with padding, windows that match their crop:",
    padded_matches,
    "of",
    len(crops),
)

# Where the windows of three map positions fall on the large image.
fig, ax = plt.subplots(figsize=(3.7, 3.7), facecolor=BACKGROUND)
ax.add_patch(plt.Rectangle((0, 0), 64, 64, fill=False, ec=INK, lw=1.5))
# one colour per window
for (i, j), color in zip([(0, 0), (4, 4), (8, 8)], SERIES, strict=False):
    ax.add_patch(
        plt.Rectangle(
            (stride * j, stride * i), 32, 32, color=color, alpha=0.25
        )
    )
    ax.add_patch(
        plt.Rectangle(
            (stride * j, stride * i), 32, 32, fill=False, ec=color, lw=1.5
        )
    )
    ax.annotate(
        f"map ({i}, {j})",
        (stride * j + 1, stride * i + 3),
        color=color,
        fontsize=9,
    )
corners = np.arange(score_map.shape[1]) * stride
grid_x, grid_y = np.meshgrid(corners, corners)
ax.plot(grid_x.ravel(), grid_y.ravel(), ".", color=INK, markersize=3)
ax.set_xlim(-2, 66)
ax.set_ylim(66, -2)
ax.set_aspect("equal")
ax.set_xlabel("image column (pixels)")
ax.set_ylabel("image row (pixels)")
fig.tight_layout()
image_side, window_side = large.shape[1], small.shape[1]
positions = score_map.shape[1]
description = (
    f"The {image_side}×{image_side} image with three shaded "
    f"{window_side}×{window_side} windows, for the score map's first, middle "
    "and last positions: top-left, centre and bottom-right. A "
    f"{positions}×{positions} grid of dots, {stride} pixels apart, marks the "
    "top-left corners of all the windows."
)
fig.savefig("score_map_windows.svg", metadata={"Title": description})
plt.close(fig)
