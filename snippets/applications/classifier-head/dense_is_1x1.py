"""After global average pooling, a Dense classifier is a 1x1 convolution on a
1x1xC map.
"""

import keras
import numpy as np

# A feature map such as a conv body leaves behind: 7x7 positions, 64 channels.
features = keras.Input(shape=(7, 7, 64))

# --8<-- [start:heads]
# The usual head: average each channel over the map, then a Dense layer.
pooled = keras.layers.GlobalAveragePooling2D()(features)
dense_head = keras.Model(features, keras.layers.Dense(10)(pooled))

# The same head as a convolution: keep the pooled vector as a 1x1x64 map, apply
# 1x1 filters.
pooled_map = keras.layers.GlobalAveragePooling2D(keepdims=True)(features)
conv = keras.layers.Conv2D(10, 1)
conv_head = keras.Model(features, conv(pooled_map))

# A Dense kernel is (in, out); a 1x1 kernel is (1, 1, in, out): the same
# numbers.
kernel, bias = dense_head.layers[-1].get_weights()
conv.set_weights([kernel.reshape(1, 1, 64, 10), bias])
# --8<-- [end:heads]

# The order of pooling and a 1x1 convolution does not matter either: both are
# linear.
late_pool = keras.Model(
    features,
    keras.layers.GlobalAveragePooling2D(keepdims=True)(conv(features)),
)

x = np.random.default_rng(0).normal(size=(4, 7, 7, 64)).astype("float32")
dense_scores = keras.ops.convert_to_numpy(dense_head(x))
conv_scores = keras.ops.convert_to_numpy(conv_head(x))
late_scores = keras.ops.convert_to_numpy(late_pool(x))
print("dense head output:", dense_head.output_shape)
print("1x1 head output:  ", conv_head.output_shape)
print(
    "parameters:", dense_head.count_params(), "and", conv_head.count_params()
)
same_scores = np.allclose(dense_scores, conv_scores[:, 0, 0, :], atol=1e-5)
order_free = np.allclose(conv_scores, late_scores, atol=1e-5)
print("same scores:", same_scores)
print("1x1 before pooling, same scores:", order_free)

# With a ReLU between the 1x1 layer and the averaging, the order matters.
at_every_pixel = keras.ops.convert_to_numpy(conv(x))
relu_then_pool = np.maximum(at_every_pixel, 0).mean(axis=(1, 2))
pool_then_relu = np.maximum(conv_scores[:, 0, 0, :], 0)
order_matters_with_relu = not np.allclose(
    relu_then_pool, pool_then_relu, atol=1e-5
)
print("with a ReLU between, the order matters:", order_matters_with_relu)

# Multiply-adds of the 1x1 layer: once on the pooled map, or at every one of
# the 7x7 positions.
h, w, channels = features.shape[1:]
madds_pool_first = channels * conv.filters
madds_conv_first = h * w * channels * conv.filters
print("multiply-adds, pool then 1x1:", madds_pool_first)
print("multiply-adds, 1x1 then pool:", madds_conv_first)
