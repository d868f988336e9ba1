"""The figures' one legend: what each colour means, in every figure of the
article, and the text size that stays legible on a phone.

Every figure-drawing snippet imports its colours from here (each page's
folder links this file as its own ``_figure_style.py``), so that orange is a
1x1 convolution wherever a reader meets it.
"""

import math

# What a layer is.
ONE_BY_ONE = "#ff7f0e"  # a 1x1 (pointwise) convolution: orange, everywhere
SPATIAL = "#1f77b4"  # a k×k convolution with k > 1, depthwise included
OTHER = "#7f7f7f"  # pooling, a fully connected layer, anything else
SHORTCUT = "#2ca02c"  # an identity shortcut and its sum
# Their light tints, for boxes with text on them.
ONE_BY_ONE_LIGHT = "#fdd0a2"
SPATIAL_LIGHT = "#9ecae1"
OTHER_LIGHT = "#d9d9d9"

# What a value is.
HIGHLIGHT = "#ffd966"  # the pixel, or its column of channels, being followed
# One colour per filter, output channel or window, when they must be told
# apart; none of them is a layer's colour above. The first three are dark
# enough for text on white.
SERIES = ["#d62728", "#9467bd", "#8c564b", "#17becf", "#e377c2"]
SERIES_LIGHT = ["#f4b6b6", "#dacbec", "#dcc5bf", "#b3ebf2", "#f7cdea"]

# Lines and text.
INK = "#333333"  # text, outlines, arrows
MUTED = "#888888"  # secondary lines: grids, guides, a path in the background
EMPTY = "#eeeeee"  # a cell with nothing to show
BACKGROUND = "white"  # opaque, so that dark text stays readable in dark mode

# The narrowest column a figure is shown in: 343 CSS px (a 375 px phone).
# A figure w inches wide is scaled to 343 / (96 w) there; a label must come
# out at 11 CSS px or more, so its size in points is at least:
PHONE_COLUMN_PX = 343
MIN_LABEL_PX = 11


def smallest_font(width_in: float) -> float:
    """The smallest font size, in points (to the half point), legible on a
    phone in a figure ``width_in`` inches wide.
    """
    shown = min(1.0, PHONE_COLUMN_PX / (96 * width_in))
    return math.ceil(MIN_LABEL_PX * 0.75 / shown * 2) / 2


# Describing a figure: each drawing snippet writes what it shows into the SVG
# (fig.savefig(..., metadata={"Title": description})), built from the values
# it draws, and the page's alt text for the figure is that description.
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven"]


def listed(items) -> str:
    """``a, b and c``: a list as a sentence says it."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
