"""Two classifier heads on an 8x8x96 feature map: 1x1 conv + global average vs flatten + dense."""

import keras
import numpy as np

features_shape = (8, 8, 96)

nin_head = keras.Sequential(
    [
        keras.Input(shape=features_shape),
        keras.layers.Conv2D(10, kernel_size=1),  # one map per class
        keras.layers.GlobalAveragePooling2D(),
    ],
    name="conv1x1_gap",
)
dense_head = keras.Sequential(
    [
        keras.Input(shape=features_shape),
        keras.layers.Flatten(),
        keras.layers.Dense(10),
    ],
    name="flatten_dense",
)
nin_params = nin_head.count_params()
dense_params = dense_head.count_params()
print(f"1x1 conv + global average: {nin_params:>6,} params, output {nin_head.output_shape}")
print(f"flatten + dense:           {dense_params:>6,} params, output {dense_head.output_shape}")
print(f"ratio: {dense_params / nin_params:.1f}")

# Averaging and a linear map commute: the 1x1 head is a dense layer on the averaged channels.
averaged_dense = keras.Sequential(
    [
        keras.Input(shape=features_shape),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10),
    ]
)
kernel, bias = nin_head.layers[0].get_weights()
averaged_dense.layers[1].set_weights([kernel[0, 0], bias])
x = np.random.default_rng(0).normal(size=(2, *features_shape)).astype("float32")
same = np.allclose(np.asarray(nin_head(x)), np.asarray(averaged_dense(x)), atol=1e-5)
print("1x1 conv then average = average then dense:", same)
