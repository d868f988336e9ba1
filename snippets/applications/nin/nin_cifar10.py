"""A small NIN-style classifier for CIFAR-10's RGB images: three mlpconv blocks
and global pooling.
"""

import keras


def mlpconv(filters, kernel_size, widths, name, last_activation="relu"):
    """A k x k convolution followed by 1x1 convolutions of the given widths."""
    layers = [
        keras.layers.Conv2D(
            filters,
            kernel_size,
            padding="same",
            activation="relu",
            name=f"{name}_conv",
        )
    ]
    for i, width in enumerate(widths, start=1):
        activation = last_activation if i == len(widths) else "relu"
        layers.append(
            keras.layers.Conv2D(
                width, 1, activation=activation, name=f"{name}_1x1_{i}"
            )
        )
    return layers


model = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 3)),
        *mlpconv(64, 5, [48, 48], "block1"),
        keras.layers.MaxPooling2D(3, strides=2, padding="same"),
        keras.layers.Dropout(0.5),
        *mlpconv(96, 5, [96, 96], "block2"),
        keras.layers.MaxPooling2D(3, strides=2, padding="same"),
        keras.layers.Dropout(0.5),
        # The last 1x1 layer makes one map per class; left linear, its averages
        # are the logits.
        *mlpconv(96, 3, [96, 10], "block3", last_activation=None),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Softmax(),
    ],
    name="nin_cifar10",
)
model.summary()

one_by_one = [
    layer
    for layer in model.layers
    if isinstance(layer, keras.layers.Conv2D) and layer.kernel_size == (1, 1)
]
share = (
    sum(layer.count_params() for layer in one_by_one) / model.count_params()
)
relus = [
    layer
    for layer in model.layers
    if isinstance(layer, keras.layers.Conv2D)
    and layer.activation.__name__ == "relu"
]
relus_1x1 = [layer for layer in relus if layer in one_by_one]
print(f"1x1 layers: {len(one_by_one)}, holding {share:.1%} of the parameters")
print(f"ReLU layers: {len(relus)}, of which 1x1: {len(relus_1x1)}")
flat_or_dense = [
    layer
    for layer in model.layers
    if isinstance(layer, (keras.layers.Flatten, keras.layers.Dense))
]
print(f"Flatten or Dense layers: {len(flat_or_dense)}")
