"""The worked example: a 6x6 RGB image through 2 filters of 3x3 with ReLU."""

import keras

model = keras.Sequential(
    [
        keras.Input(shape=(6, 6, 3)),
        keras.layers.Conv2D(filters=2, kernel_size=(3, 3), activation="relu"),
    ]
)
model.summary()
