"""Two classifier heads on one feature map: 1x1 conv + global average vs
flatten + dense.
"""

import keras

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
gap_params = nin_head.layers[-1].count_params()  # the pooling itself
dense_params = dense_head.count_params()
print(
    f"1x1 conv + global average: {nin_params:>6,} params, output "
    f"{nin_head.output_shape}"
)
print(
    f"flatten + dense:           {dense_params:>6,} params, output "
    f"{dense_head.output_shape}"
)
print(f"ratio: {dense_params / nin_params:.1f}")
print(f"parameters of the global average pooling: {gap_params}")
