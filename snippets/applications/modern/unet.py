"""U-Net (Ronneberger et al., Figure 1): unpadded, so its map of class scores
is smaller than the input tile."""

import keras


def two_convs(x, filters):
    for _ in range(2):  # unpadded: each trims a border off the map
        x = keras.layers.Conv2D(filters, 3, activation="relu")(x)
    return x


def crop_to(skip, x):
    margin = (skip.shape[1] - x.shape[1]) // 2
    return keras.layers.Cropping2D(margin)(skip)


image = keras.Input(shape=(572, 572, 1))
x, skips = image, []
for filters in (64, 128, 256, 512):  # contracting path
    x = two_convs(x, filters)
    skips.append(x)
    x = keras.layers.MaxPooling2D(2)(x)
x = two_convs(x, 1024)
for filters, skip in zip((512, 256, 128, 64), reversed(skips), strict=True):
    x = keras.layers.Conv2DTranspose(filters, 2, strides=2)(x)  # 2x2 "up"
    x = keras.layers.Concatenate()([crop_to(skip, x), x])
    x = two_convs(x, filters)
# --8<-- [start:head]
# At the final layer a 1x1 convolution maps each feature vector to the
# classes: here 2, as in the paper's Figure 1.
head = keras.layers.Conv2D(2, kernel_size=1)
scores = head(x)
# --8<-- [end:head]
unet = keras.Model(image, scores)

kinds = (keras.layers.Conv2D, keras.layers.Conv2DTranspose)
convs = [layer for layer in unet.layers if isinstance(layer, kinds)]
up = [x for x in convs if isinstance(x, keras.layers.Conv2DTranspose)]
print("convolutional layers:", len(convs))
print("  of them 2x2 up-convolutions:", len(up))
print("output:", unet.output_shape)
side = unet.output_shape[1]
head_madds = side * side * head.kernel.shape[2] * head.filters
print(f"1x1 head: {head.count_params()} parameters")
print(f"1x1 head: {head_madds:,} multiply-adds")
print(f"whole U-Net: {unet.count_params():,} parameters")
