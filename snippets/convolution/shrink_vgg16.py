"""VGG-16's thirteen convolutions on an ImageNet image, with and without
padding.
"""

import keras

# Simonyan & Zisserman, arXiv:1409.1556. Table 1, column D (VGG-16): 16 weight
# layers, 3 of them fully connected; Section 2.1: 3x3 filters, stride 1,
# padding 1 pixel so the size is kept, and five max-pooling layers that halve
# it.
PAPER_VGG16 = {
    "weight layers": 16,
    "fully connected": 3,
    "padding": 1,
    "poolings": 5,
}
paper_convs = PAPER_VGG16["weight layers"] - PAPER_VGG16["fully connected"]

# The convolutional part only; the dense classifier would fix the input size.
padded = keras.applications.VGG16(
    weights=None, include_top=False, input_shape=(224, 224, 3)
)
convs = [
    layer for layer in padded.layers if isinstance(layer, keras.layers.Conv2D)
]
pools = [
    layer
    for layer in padded.layers
    if isinstance(layer, keras.layers.MaxPooling2D)
]
print("conv layers:", len(convs), "in Keras,", paper_convs, "in the paper")
print(
    "max-pooling layers:",
    len(pools),
    "in Keras,",
    PAPER_VGG16["poolings"],
    "in the paper",
)
print("pool sizes:", {layer.pool_size for layer in pools})
print("kernel sizes:", {layer.kernel_size for layer in convs})
print("strides:", {layer.strides for layer in convs})
paddings = {layer.padding for layer in convs}
print("padding:", paddings)

# The same network with every convolution switched to padding="valid".
config = padded.get_config()
for layer in config["layers"]:
    if layer["class_name"] == "Conv2D":
        layer["config"]["padding"] = "valid"
unpadded = keras.Model.from_config(config)

print(f"\n{'layer':<14}{'same':>12}{'valid':>12}")
for same_layer, valid_layer in zip(
    padded.layers, unpadded.layers, strict=True
):
    same_hw = "x".join(str(d) for d in same_layer.output.shape[1:3])
    valid_hw = "x".join(str(d) for d in valid_layer.output.shape[1:3])
    print(f"{same_layer.name:<14}{same_hw:>12}{valid_hw:>12}")
