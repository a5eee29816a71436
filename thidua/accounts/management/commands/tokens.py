"""`thidua tokens issue USER --name N [--scope read|write] [--days D]`, `thidua tokens list [USER]`,
`thidua tokens revoke ID`: API tokens from the server's command line (the web page is /accounts/tokens/)."""

import getpass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thidua.accounts import services
from thidua.accounts.models import ApiToken, TokenScope


class Command(BaseCommand):
    help = "Issue, list and revoke API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="issue a token; its value is printed once")
        issue.add_argument("username")
        issue.add_argument("--name", required=True)
        issue.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        issue.add_argument("--days", type=int, default=None)
        listing = sub.add_parser("list", help="tokens of one user, or all")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action, **options):
        users = get_user_model().objects
        if action == "issue":
            user = users.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"no active user {options['username']!r}")
            try:
                token, raw = services.issue_token(user=user, name=options["name"], scope=options["scope"],
                                                  days=options["days"])
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            self.stdout.write(f"token {token.pk} for {user.username}, {token.scope}, expires {token.expires_at:%Y-%m-%d}")
            self.stdout.write(raw)
        elif action == "list":
            tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
            if options["username"]:
                tokens = tokens.filter(user__username=options["username"])
            for token in tokens:
                state = "revoked" if token.revoked_at else ("active" if token.is_active else "expired")
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
                self.stdout.write(f"{token.pk}\t{token.user.username}\t{token.name}\t{token.scope}\t{state}\t"
                                  f"expires {token.expires_at:%Y-%m-%d}\tlast used {used}")
        else:
            token = ApiToken.objects.filter(pk=options["id"]).select_related("user").first()
            if token is None:
                raise CommandError(f"no token {options['id']}")
            services.revoke_token(actor=f"cli:{getpass.getuser()}", token=token)
            self.stdout.write(f"token {token.pk} ({token.name}) of {token.user.username} revoked")
