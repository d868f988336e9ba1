"""What Keras says about the older `input_shape=` argument on a layer."""

import warnings

import keras

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    keras.layers.Conv2D(filters=2, kernel_size=(3, 3), input_shape=(6, 6, 3))

for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")
