"""Generate the national-scale data set (core/scale.py) for benchmarks."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import scale


class Command(BaseCommand):
    help = (
        "Generate a national-scale data set, reproducibly from --seed: every county, ~20,000 "
        "offices, 3,000 campaigns, 100,000 contacts, 50,000 stories, a petition with 1,000,000 "
        "signatures… times --scale (0.01 makes a tiny set). For a dedicated benchmark database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data (default 1).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every count (default 1)."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes that generate and encrypt rows (default: one per CPU; 0 or 1: none).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete the campaigns (and users) a previous run generated, then generate again.",
        )
        parser.add_argument(
            "--allow-other-data",
            action="store_true",
            help="Run even though the database holds campaigns seed_scale did not make.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] <= 0:
            raise CommandError("--scale must be above 0.")
        others = scale.other_campaigns().count()
        if others and not options["allow_other_data"]:
            raise CommandError(
                f"This database holds {others} campaign(s) that seed_scale did not make. "
                "seed_scale is meant for a database of its own (e.g. createdb bl_bench); "
                "add --allow-other-data to generate beside them anyway."
            )
        generated = scale.generated_campaigns().count()
        if generated:
            if not options["force"]:
                raise CommandError(
                    f"The scale data set is already here ({generated} campaigns named "
                    f"{scale.SLUG_PREFIX}…). Use --force to delete them and generate again."
                )
            scale.wipe(out=self.stdout.write)
        sizes = scale.Sizes.at(options["scale"])
        self.stdout.write(
            f"Generating the scale data set: seed {options['seed']}, scale {sizes.scale:g} "
            f"({sizes.campaigns:,} campaigns, {sizes.contacts:,} contacts, "
            f"{sizes.stories:,} stories, {sizes.signatures:,} signatures)."
        )
        generator = scale.Generator(
            seed=options["seed"],
            scale=options["scale"],
            workers=options["workers"],
            out=self.stdout.write,
        )
        generator.run()
        self.stdout.write(self.style.SUCCESS("Scale data set ready."))
