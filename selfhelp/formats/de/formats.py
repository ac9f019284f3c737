# Swiss usage: 2’700 groups, not Germany's 2.700.
from django.conf.locale.de_CH.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "’"
