"""The consent texts shown or read to storytellers, by version and language.

A published version is never edited: a new wording is a new version added here (and picked up
by `install`). Consent records point at the exact version and language shown.
"""

from typing import Any

V1_ENGLISH = """We are volunteers with a local campaign that wants our jails and police to stop holding people for ICE. We collect the stories of people harmed by ICE holds because officials listen to the people affected.

You decide how your story may be used. For each use below you can say yes or no, and whether your name may be used. Saying no changes nothing about the help you receive from us.

1. Internal planning: campaign members read your story to plan the campaign.
2. Officials, without your name: we share your story with elected officials and their staff, with your name and details that could identify you removed.
3. Officials, with your name: the same, with your name (or only your first name, if you prefer).
4. A public hearing: your story is read aloud or submitted as testimony at a public meeting.
5. Reporters and the public, without your name: in news stories, flyers or our website, with your name and identifying details removed.
6. Reporters and the public, with your name.

We never ask about or record your immigration status or where you were born. Your name, how to reach you and your story are stored encrypted, and every time someone opens them it is recorded.

You can change your mind at any time, for one use or for all of them, by telling any campaign member. From that moment we stop using your story for that purpose. You can also ask us to erase your name and story completely."""

V1_SPANISH = """Somos voluntarias y voluntarios de una campaña local que busca que nuestras cárceles y la policía dejen de retener a personas para ICE. Recogemos las historias de personas perjudicadas por las retenciones de ICE porque las autoridades escuchan a quienes las han vivido.

Usted decide cómo se puede usar su historia. Para cada uso de la lista puede decir sí o no, y si se puede usar su nombre. Decir que no no cambia en nada la ayuda que recibe de nosotros.

1. Planificación interna: las personas de la campaña leen su historia para planear la campaña.
2. Autoridades, sin su nombre: compartimos su historia con funcionarios electos y su personal, sin su nombre ni datos que puedan identificarle.
3. Autoridades, con su nombre: lo mismo, con su nombre (o solo su primer nombre, si lo prefiere).
4. Una audiencia pública: su historia se lee en voz alta o se presenta como testimonio en una reunión pública.
5. Periodistas y el público, sin su nombre: en noticias, volantes o nuestro sitio web, sin su nombre ni datos que puedan identificarle.
6. Periodistas y el público, con su nombre.

Nunca preguntamos ni anotamos su situación migratoria ni dónde nació. Su nombre, cómo contactarle y su historia se guardan cifrados, y cada vez que alguien los abre queda registrado.

Puede cambiar de opinión en cualquier momento, para un uso o para todos, diciéndoselo a cualquier persona de la campaña. Desde ese momento dejamos de usar su historia para ese fin. También puede pedirnos que borremos por completo su nombre y su historia."""


TEXTS = {1: {"en": V1_ENGLISH, "es": V1_SPANISH}}


def install(consent_text_model: Any) -> None:
    """Make sure every version above exists (idempotent; also used by the migration)."""
    for version, by_language in TEXTS.items():
        for language, body in by_language.items():
            consent_text_model.objects.get_or_create(
                version=version, language=language, defaults={"body": body}
            )
