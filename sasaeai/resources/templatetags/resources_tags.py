"""Template filters of the registry: `{% load resources_tags %}`."""

from django import template

from sasaeai.resources.constants import Activity, SupportType, TargetGroup

register = template.Library()


@register.filter
def tag_label(tag: object) -> str:
    """A ResourceTag's Japanese label (活動内容・支援の種類・対象 share one table)."""
    lists = {"activity": Activity, "support": SupportType, "target": TargetGroup}
    choices = lists.get(getattr(tag, "category", ""))
    value = getattr(tag, "value", "")
    return str(choices(value).label) if choices and value in choices.values else value
