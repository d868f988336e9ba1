"""The worked example: one convolution with ReLU on a small RGB image."""

import keras

model = keras.Sequential(
    [
        keras.Input(shape=(6, 6, 3)),
        keras.layers.Conv2D(filters=2, kernel_size=(3, 3), activation="relu"),
    ]
)
model.summary()
