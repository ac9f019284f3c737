# Swiss usage: 2’700 gruppi, not Italy's 2.700.
from django.conf.locale.it.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "’"
DECIMAL_SEPARATOR = "."
