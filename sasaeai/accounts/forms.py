"""Sign-in form."""

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form without `autofocus` on the user name.

    Autofocus jumps past the skip link, the heading and the instructions: a screen-reader user
    starts mid-form, and the first Tab lands on the password field instead of 本文へ移動.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
