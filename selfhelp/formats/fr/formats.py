# Swiss usage: 2’700 groupes.
from django.conf.locale.fr_CH.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "’"
