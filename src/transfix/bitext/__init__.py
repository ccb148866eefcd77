"""Bilingual (zh->en) support: bitext formats, alignment and facts from the Chinese source."""
