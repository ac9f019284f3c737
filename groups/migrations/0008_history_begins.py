from django.db import migrations


def record_every_group(apps, schema_editor):
    """Each group's history begins with the group as it is now: later changes compare to it."""
    from groups import history

    ids = list(apps.get_model("groups", "Group").objects.values_list("pk", flat=True))
    history.record_versions(ids, history.CREATED, reason=history.HISTORY_BEGINS, apps=apps)


class Migration(migrations.Migration):
    dependencies = [("groups", "0007_history_breaks_proposed_changes")]

    operations = [migrations.RunPython(record_every_group, migrations.RunPython.noop)]
