"""`productdocs new product SLUG`: a commented starter file that already validates."""

from __future__ import annotations

from datetime import date

from generator.schema import modeline

PRODUCT_TEMPLATE = """\
{modeline}
# {name}: one file per product; the file name is the product's slug (its URL).
# Every field is described in the README's file reference. Run `productdocs validate`
# after each edit.

name: {name}
tagline: One sentence a customer would repeat to a colleague.
category: Analytics              # groups products on the site
owner: Your Name                 # the PM who answers for this file
reviewed: {today}             # when you last checked this file against reality
lifecycle: innovation   # innovation, analysis, development, go-to-market, in-life, end-of-life
# launched: 2026-09-15           # required once the product is in-life
# audience: public               # put the product on the public site (default: internal)

# positioning:                   # Moore's positioning statement
#   target: mid-size logistics companies
#   need: need to know where every shipment is
#   category: shipment visibility platform
#   benefit: cuts "where is my order" calls in half
#   alternative: spreadsheets and carrier portals
#   differentiator: reads every carrier's feed without integration work

# personas:                      # ids of files in products/personas/
#   - persona: ops-director
#     messaging: What this persona hears from us.
#     talk_track: Words a rep can say out loud.

# competitors:                   # ids of files in products/competitors/
#   - competitor: some-competitor
#     how_we_win: [A reason we win]
#     landmines: [A question that exposes their weak spot]
#     objections:
#       - objection: What the prospect says.
#         response: What we answer.
#     win_rate: 50

# faqs:
#   - question: Does it work offline?
#     answer: Yes, for up to 72 hours.
#     audience: public           # default: internal
"""


def product_file(slug: str, today: date) -> str:
    name = slug.replace("-", " ").title()
    return PRODUCT_TEMPLATE.format(modeline=modeline("product", 1), name=name,
                                   today=today.isoformat())
