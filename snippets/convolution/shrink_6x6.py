"""The worked example stacked: each convolution without padding trims a border
off the image.
"""

import keras

model = keras.Sequential(
    [
        keras.Input(shape=(6, 6, 3)),
        keras.layers.Conv2D(filters=2, kernel_size=(3, 3), activation="relu"),
        keras.layers.Conv2D(filters=2, kernel_size=(3, 3), activation="relu"),
    ]
)
print(f"{'input':<15}{model.input_shape}")
for layer in model.layers:
    print(f"{layer.name:<15}{layer.output.shape}")

# A third 3x3 filter no longer fits anywhere in the 2x2 map that is left.
third = keras.layers.Conv2D(filters=2, kernel_size=(3, 3), activation="relu")
try:
    third(model.layers[-1].output)
    refused = False
    third_layer_error = None
except ValueError as err:
    refused = True
    third_layer_error = str(err).split(".")[0]
print("a third layer:", third_layer_error or "built")
