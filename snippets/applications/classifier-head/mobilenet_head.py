"""Keras's MobileNet ends in a 1x1 convolution, 'conv_preds', not in a Dense
layer.
"""

import keras

# random weights: nothing is downloaded
model = keras.applications.MobileNet(weights=None)

print(f"{'layer':<26}{'type':<24}{'output':<20}{'params':>9}")
for layer in model.layers[-6:]:
    shape = str(layer.output.shape)
    print(
        f"{layer.name:<26}{type(layer).__name__:<24}{shape:<20}"
        f"{layer.count_params():>9,}"
    )

head = model.get_layer("conv_preds")
kernel, bias = head.get_weights()
print("conv_preds kernel:", kernel.shape, "bias:", bias.shape)
# A Dense layer from the same features to the same classes would hold exactly
# as many numbers.
dense_equivalent = head.input.shape[-1] * head.filters + head.filters
print("Dense(1000) on 1024 features:", f"{dense_equivalent:,}", "parameters")
head_share = head.count_params() / model.count_params()
print(
    f"share of MobileNet's {model.count_params():,} parameters: "
    f"{head_share:.1%}"
)
