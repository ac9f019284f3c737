# Switzerland in English: 2’700 groups, 24-hour clock, day before month.
from django.conf.locale.en_GB.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "’"
TIME_FORMAT = "H:i"
