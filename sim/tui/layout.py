"""Terminal sizes the screens lay out by, shared by the single-player desk and the team seats
(one home, so neither screen module imports the other for a number)."""

SHORT = 32          # terminals shorter than this get the compact panels (the "-short" class)
NARROW = 100        # narrower than this, the desk's footer is compact and hides the palette key
