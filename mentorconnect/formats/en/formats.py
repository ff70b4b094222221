"""English dates as the site has always written them, day first and with a 24-hour clock
(members are across North America and beyond, and "6 December 2026, 15:04" reads the same to
all). French and Spanish use Django's own formats for their languages."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
