#!/usr/bin/env python3
"""Draws the handbook's social cards (og:image, 1200x630) as SVG, then renders each to PNG
with headless Chromium. Run once from the repository root when a section changes:

    python3 tools/og-cards/make.py

The PNGs go to static/og/ (committed); base.html picks one per section from
`extra.og_images` in cmbook.yaml. Only system fonts (DejaVu Sans) are used, so the
rendering is the same on any Debian machine with `fonts-dejavu-core`."""
import pathlib, subprocess, tempfile
from html import escape

CARDS = {
    "manuel": ("Manuel du community manager", "Le métier, les compétences, les parcours"),
    "metier": ("Le métier", "Missions, méthodes, outils et cadre juridique"),
    "competences": ("Compétences", "Des checklists pour chaque étape de carrière"),
    "etudes-de-cas": ("Études de cas", "Dix-sept affaires réelles, crises et réussites, sourcées"),
    "parcours": ("Parcours", "Du stage à la direction d’une équipe social media"),
    "commencer-ici": ("Commencer ici", "Douze semaines pour apprendre le métier"),
}

def card(title, subtitle):
    nodes = "".join(
        f'<circle cx="{180 + i * 168}" cy="470" r="22" fill="#ffffff" stroke="#c9cfff" stroke-width="6"/>'
        f'<text x="{180 + i * 168}" y="479" text-anchor="middle" font-size="24" font-weight="700" fill="#312a9e">{i + 1}</text>'
        for i in range(6))
    return f'''<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" font-family="DejaVu Sans, sans-serif">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#312a9e"/><stop offset="1" stop-color="#4338ca"/></linearGradient></defs>
<rect width="1200" height="630" fill="#312a9e"/>
<rect x="80" y="80" width="64" height="64" rx="16" fill="#ffffff"/>
<path d="M96 103A7 7 0 0 1 103 96h18a7 7 0 0 1 7 7v10a7 7 0 0 1-7 7h-11l-9 8v-8A7 7 0 0 1 96 113Z" fill="#4338ca"/>
<text x="164" y="124" font-size="30" fill="#ecebfd">Manuel du community manager</text>
<text x="80" y="290" font-size="84" font-weight="700" fill="#ffffff">{escape(title)}</text>
<text x="80" y="360" font-size="34" fill="#ecebfd">{escape(subtitle)}</text>
<path d="M180 470 H1020" stroke="#aab4ff" stroke-width="8" stroke-linecap="round"/>
{nodes}
</svg>'''

def main():
    root = pathlib.Path(__file__).resolve().parents[2]
    out = root / "static" / "og"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (title, subtitle) in CARDS.items():
            page = pathlib.Path(tmp) / f"{name}.html"
            page.write_text(f'<!doctype html><meta charset="utf-8"><style>html,body{{margin:0}}</style>{card(title, subtitle)}', encoding="utf-8")
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--hide-scrollbars", "--window-size=1200,630",
                            f"--screenshot={out / (name + '.png')}", page.as_uri()], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

if __name__ == "__main__":
    main()
