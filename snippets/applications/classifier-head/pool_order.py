"""A 1x1 classifier and global average pooling, in either order: the same
scores, unless a ReLU sits between them; and what each order costs.
"""

import keras
import numpy as np

# A feature map such as a conv body leaves behind: 7x7 positions, 64 channels.
features = keras.Input(shape=(7, 7, 64))
conv = keras.layers.Conv2D(10, 1)  # 10 classes, one 1x1 filter each

# --8<-- [start:heads]
# The usual order: average each channel over the map (kept as a one-pixel map),
# then classify it with the 1x1 layer, a Dense layer on the pooled vector.
pool_first = keras.Model(
    features,
    conv(keras.layers.GlobalAveragePooling2D(keepdims=True)(features)),
)
# The other order: classify every position of the map, then average.
conv_first = keras.Model(
    features,
    keras.layers.GlobalAveragePooling2D(keepdims=True)(conv(features)),
)
# --8<-- [end:heads]

x = np.random.default_rng(0).normal(size=(4, 7, 7, 64)).astype("float32")
pooled_scores = keras.ops.convert_to_numpy(pool_first(x))
late_scores = keras.ops.convert_to_numpy(conv_first(x))
print("scores:", pool_first.output_shape, "and", conv_first.output_shape)
order_free = np.allclose(pooled_scores, late_scores, atol=1e-5)
print("1x1 before pooling, same scores:", order_free)

# With a ReLU between the 1x1 layer and the averaging, the order matters.
at_every_pixel = keras.ops.convert_to_numpy(conv(x))
relu_then_pool = np.maximum(at_every_pixel, 0).mean(axis=(1, 2))
pool_then_relu = np.maximum(pooled_scores[:, 0, 0, :], 0)
order_matters_with_relu = not np.allclose(
    relu_then_pool, pool_then_relu, atol=1e-5
)
print("with a ReLU between, the order matters:", order_matters_with_relu)

# Multiply-adds of the 1x1 layer: once on the pooled map, or at every position.
h, w, channels = features.shape[1:]
madds_pool_first = channels * conv.filters
madds_conv_first = h * w * channels * conv.filters
print("multiply-adds, pool then 1x1:", madds_pool_first)
print("multiply-adds, 1x1 then pool:", madds_conv_first)
