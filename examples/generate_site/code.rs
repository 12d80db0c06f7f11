//! The code block of each generated page: snippets of the length a handbook shows (a script
//! to compute a rate, an editorial calendar, a tracking tag), 17 to 33 lines each.
//!
//! They used to be two or three lines long, which made highlighting almost free: the issue's
//! reference site spends about 4.5 CPU-seconds highlighting 10,000 blocks, ours then spent a
//! tenth of that. Every block carries its page number, so no two pages share one (a generator
//! that caches highlighted blocks gains nothing from repeats).

/// The code block of page `n` in `lang`, ending with a newline.
pub fn block(lang: &str, n: usize) -> String {
    let template = match lang {
        "rust" => RUST,
        "python" => PYTHON,
        "js" => JS,
        "yaml" => YAML,
        "bash" => BASH,
        "html" => HTML,
        "css" => CSS,
        _ => JSON,
    };
    template
        .replace("{N}", &n.to_string())
        .replace("{M}", &(n % 97 + 3).to_string())
}

const RUST: &str = r#"/// Taux d'engagement d'une publication, en pour cent de la portée.
#[derive(Debug, Clone)]
struct Publication {
    id: u32,
    reseau: &'static str,
    portee: u64,
    reactions: u64,
    commentaires: u64,
    partages: u64,
}

impl Publication {
    fn engagement(&self) -> f64 {
        let interactions = self.reactions + 2 * self.commentaires + 3 * self.partages;
        if self.portee == 0 {
            return 0.0;
        }
        100.0 * interactions as f64 / self.portee as f64
    }
}

fn meilleures_{N}(publications: &mut [Publication]) -> Vec<u32> {
    publications.sort_by(|a, b| b.engagement().total_cmp(&a.engagement()));
    publications
        .iter()
        .filter(|p| p.reseau != "x" && p.portee > {M}0)
        .take({M})
        .map(|p| p.id)
        .collect()
}
"#;

const PYTHON: &str = r#"import csv
from collections import defaultdict

SEUIL_ALERTE = {M}  # commentaires négatifs par heure


def charger_export(chemin):
    """Lit l'export CSV de l'outil de veille (une ligne par mention)."""
    with open(chemin, newline="", encoding="utf-8") as f:
        return [ligne for ligne in csv.DictReader(f) if ligne["langue"] == "fr"]


def pics_negatifs_{N}(mentions):
    par_heure = defaultdict(int)
    for m in mentions:
        if m["tonalite"] == "negatif":
            par_heure[m["date"][:13]] += 1
    return [h for h, n in par_heure.items() if n >= SEUIL_ALERTE]
"#;

const JS: &str = r#"// Construit un lien suivi (UTM) pour chaque réseau de la campagne {N}.
const RESEAUX = ["linkedin", "instagram", "facebook", "tiktok"];

function lienSuivi(url, reseau, campagne) {
  const lien = new URL(url);
  lien.searchParams.set("utm_source", reseau);
  lien.searchParams.set("utm_medium", "social");
  lien.searchParams.set("utm_campaign", campagne);
  return lien.toString();
}

export function liensCampagne{N}(url) {
  const campagne = `printemps-${new Date().getFullYear()}-{M}`;
  return Object.fromEntries(
    RESEAUX.map((reseau) => [reseau, lienSuivi(url, reseau, campagne)])
  );
}
"#;

const YAML: &str = r#"# Calendrier éditorial, semaine {N}
campagne: lancement-{N}
responsable: equipe-social
validation:
  relecture: 24h
  juridique: true
publications:
  - jour: lundi
    heure: "09:30"
    reseau: linkedin
    format: carrousel
    sujet: "Les coulisses du service client"
    kpi: [portee, clics]
  - jour: mercredi
    heure: "12:15"
    reseau: instagram
    format: reel
    sujet: "Trois questions à une conseillère"
    kpi: [vues, partages]
  - jour: vendredi
    heure: "18:00"
    reseau: facebook
    format: sondage
    sujet: "Votre avis sur le nouveau service"
    kpi: [reponses, commentaires]
moderation:
  astreinte: [samedi, dimanche]
  delai_reponse_max: {M}min
  mots_sensibles: [remboursement, panne, plainte]
"#;

const BASH: &str = r#"#!/usr/bin/env bash
# Archive les rapports mensuels et prévient l'équipe (rapport {N}).
set -euo pipefail

mois=$(date +%Y-%m)
source_dir="rapports/${mois}"
archive="archives/rapports-${mois}-{N}.tar.gz"

if [ ! -d "$source_dir" ]; then
  echo "Aucun rapport pour ${mois}" >&2
  exit 1
fi

nombre=0
for f in "$source_dir"/*.csv; do
  lignes=$(wc -l < "$f")
  if [ "$lignes" -lt {M} ]; then
    echo "Rapport incomplet : $f ($lignes lignes)" >&2
  fi
  nombre=$((nombre + 1))
done

mkdir -p archives
tar -czf "$archive" "$source_dir"
echo "${nombre} rapports archivés dans ${archive}"
curl -fsS -X POST -H "Content-Type: application/json" \
  -d "{\"text\": \"Rapports de ${mois} archivés (${nombre})\"}" \
  "${WEBHOOK_EQUIPE:?variable WEBHOOK_EQUIPE manquante}"
"#;

const HTML: &str = r#"<!-- Bloc « Rejoindre la communauté » de la lettre {N} -->
<section class="communaute" aria-labelledby="titre-communaute-{N}">
  <h2 id="titre-communaute-{N}">Rejoignez les {M}00 membres du club</h2>
  <p>
    Chaque mois, un atelier en ligne, des retours d'expérience et une
    <a href="/evenements/">rencontre en région</a>.
  </p>
  <ul class="reseaux">
    <li><a href="https://www.linkedin.com/company/exemple" rel="noopener">LinkedIn</a></li>
    <li><a href="https://www.instagram.com/exemple" rel="noopener">Instagram</a></li>
    <li><a href="https://discord.gg/exemple" rel="noopener">Discord</a></li>
  </ul>
  <form class="inscription" action="/lettre/inscription" method="post">
    <label for="courriel-{N}">Votre adresse électronique</label>
    <input id="courriel-{N}" name="courriel" type="email" required
           autocomplete="email" placeholder="prenom@exemple.fr">
    <label class="consentement">
      <input type="checkbox" name="rgpd" required>
      J'accepte de recevoir la lettre et je peux me désinscrire à tout moment.
    </label>
    <button type="submit">S'inscrire</button>
  </form>
  <p class="mentions">
    <small>Données traitées selon notre <a href="/confidentialite/">politique de confidentialité</a>.</small>
  </p>
</section>
"#;

const CSS: &str = r#"/* Carte d'indicateur du tableau de bord {N} */
.kpi-{N} {
  display: grid;
  grid-template-columns: 1fr auto;
  gap: 0.5rem 1rem;
  padding: 1rem 1.25rem;
  border: 1px solid var(--bordure, #d0d4dc);
  border-radius: 12px;
  background: var(--fond-carte, #fff);
}

.kpi-{N} .valeur {
  font-size: clamp(1.5rem, 2vw + 1rem, 2.5rem);
  font-variant-numeric: tabular-nums;
  font-weight: 700;
}

.kpi-{N} .evolution[data-sens="hausse"] { color: #1a7f37; }
.kpi-{N} .evolution[data-sens="baisse"] { color: #b42318; }

.kpi-{N} .legende {
  grid-column: 1 / -1;
  color: var(--texte-discret, #5b6270);
  font-size: 0.875rem;
}

@media (prefers-color-scheme: dark) {
  .kpi-{N} { --fond-carte: #1d2129; --bordure: #394150; }
}

@media (max-width: {M}0px) {
  .kpi-{N} { grid-template-columns: 1fr; }
}
"#;

const JSON: &str = r#"{
  "publication": {
    "id": "pub-{N}",
    "statut": "programmee",
    "date_publication": "2026-03-{M}T09:30:00+01:00",
    "reseaux": ["linkedin", "instagram"],
    "texte": "Nos conseillers répondent à vos questions en direct ce jeudi.",
    "medias": [
      { "type": "image", "fichier": "visuel-{N}.jpg", "texte_alternatif": "Une conseillère au téléphone" }
    ],
    "lien": "https://exemple.fr/live?utm_source=social&utm_campaign=live-{N}",
    "validation": {
      "redaction": "camille",
      "relecture": "samir",
      "juridique": false
    }
  },
  "objectifs": {
    "portee": {M}000,
    "taux_engagement_min": 2.5,
    "clics": {M}0
  },
  "moderation": {
    "reponse_max_minutes": 30,
    "escalade": ["service-client", "communication-de-crise"],
    "mots_surveilles": ["panne", "remboursement", "annulation"]
  }
}
"#;
