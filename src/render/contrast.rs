//! WCAG 2 contrast of syntect colours, and the nudge that makes a theme's token colours readable
//! on its own background.
//!
//! Bundled themes are not made for accessibility: InspiredGitHub's comments are 2.9:1 on white,
//! base16-ocean.dark's 2.7:1 on its slate. Rather than patching one theme's colours by hand in
//! the site's stylesheet (which breaks as soon as an author picks another theme), every token
//! colour below the AA ratio for body text is moved towards black or white, keeping its hue,
//! just until it passes.

use syntect::highlighting::{Color, Theme};

/// WCAG 2.2 AA for text under 18 pt (code blocks are always smaller).
pub(crate) const AA_TEXT: f64 = 4.5;

/// The WCAG relative luminance of an sRGB colour (alpha ignored, as syntect's CSS writes none).
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// The WCAG contrast ratio of two colours, from 1 to 21.
pub(crate) fn ratio(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `fg` moved towards `to` by `t` (0 to 1), channel by channel.
fn mix(fg: Color, to: Color, t: f64) -> Color {
    let blend = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    Color {
        r: blend(fg.r, to.r),
        g: blend(fg.g, to.g),
        b: blend(fg.b, to.b),
        a: 0xff,
    }
}

/// `fg` if it reaches [`AA_TEXT`] on `bg`, else the colour nearest to it on the way to black or
/// white (whichever contrasts more with `bg`) that does.
pub(crate) fn readable_on(fg: Color, bg: Color) -> Color {
    if ratio(fg, bg) >= AA_TEXT {
        return fg;
    }
    let black = Color::BLACK;
    let white = Color::WHITE;
    let to = if ratio(black, bg) >= ratio(white, bg) {
        black
    } else {
        white
    };
    // Contrast grows with `t` along the way to `to`: bisect for the smallest passing step. At
    // `t = 1` the colour is black or white, which pass on any background that any text could.
    let (mut fails, mut passes) = (0.0, 1.0);
    for _ in 0..24 {
        let t = (fails + passes) / 2.0;
        if ratio(mix(fg, to, t), bg) >= AA_TEXT {
            passes = t;
        } else {
            fails = t;
        }
    }
    mix(fg, to, passes)
}

/// `theme` with every foreground readable on the background it is drawn on: a scope's own
/// background when it has one, else the theme's.
pub(crate) fn readable_theme(theme: &Theme) -> Theme {
    let mut theme = theme.clone();
    let page = theme.settings.background.unwrap_or(Color::WHITE);
    let text = theme.settings.foreground.unwrap_or(Color::BLACK);
    theme.settings.background = Some(page);
    theme.settings.foreground = Some(readable_on(text, page));
    for item in &mut theme.scopes {
        let bg = item.style.background.unwrap_or(page);
        match item.style.foreground {
            Some(fg) => item.style.foreground = Some(readable_on(fg, bg)),
            // Text on a scope's own background inherits the theme's colour: check that pair too.
            None if item.style.background.is_some() && ratio(text, bg) < AA_TEXT => {
                item.style.foreground = Some(readable_on(text, bg));
            }
            None => {}
        }
    }
    theme
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(hex: u32) -> Color {
        Color {
            r: (hex >> 16) as u8,
            g: (hex >> 8) as u8,
            b: hex as u8,
            a: 0xff,
        }
    }

    #[test]
    fn ratios_match_the_wcag_examples() {
        assert!((ratio(Color::BLACK, Color::WHITE) - 21.0).abs() < 1e-9);
        assert!((ratio(rgb(0x777777), Color::WHITE) - 4.48).abs() < 0.01);
        assert!((ratio(rgb(0x969896), Color::WHITE) - 2.91).abs() < 0.01);
    }

    #[test]
    fn passing_colours_are_kept() {
        assert_eq!(readable_on(rgb(0x183691), Color::WHITE), rgb(0x183691));
    }

    #[test]
    fn failing_colours_move_just_enough() {
        let light = readable_on(rgb(0x969896), Color::WHITE);
        assert!(ratio(light, Color::WHITE) >= AA_TEXT);
        assert!(ratio(light, Color::WHITE) < AA_TEXT + 0.15, "{light:?}");
        let slate = rgb(0x2b303b);
        let dark = readable_on(rgb(0x65737e), slate);
        assert!(ratio(dark, slate) >= AA_TEXT);
        assert!(
            luminance(dark) > luminance(rgb(0x65737e)),
            "lightened on dark"
        );
    }
}
