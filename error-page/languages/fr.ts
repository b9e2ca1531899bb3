/** Français. */
import type { PageTexts } from './page-texts';

const TRY_AGAIN = 'Revenez au portail de votre entreprise et reconnectez-vous.';
const CONTACT = 'Si cela se reproduit, contactez votre support et donnez-lui la référence ci-dessous.';

export const fr: PageTexts = {
  languageName: 'Français',
  product: 'Authentification unique Infoauth',
  codes: {
    '101': {
      title: 'Lien de connexion non reconnu',
      userText:
        'Le lien de connexion que vous avez suivi n’appartient à aucune configuration d’authentification unique connue.',
      userAction: `${TRY_AGAIN} ${CONTACT}`,
    },
    '102': {
      title: 'La connexion n’a pas pu être vérifiée',
      userText: 'Le service de connexion de votre entreprise n’a pas pu nous prouver son identité.',
      userAction: `${TRY_AGAIN} ${CONTACT}`,
    },
    '103': {
      title: 'Les informations de connexion n’étaient pas valides',
      userText: 'Les informations envoyées par le service de connexion de votre entreprise n’étaient pas valides.',
      userAction: `${TRY_AGAIN} ${CONTACT}`,
    },
    '104': {
      title: 'Lien de connexion expiré ou déjà utilisé',
      userText:
        'Ce lien de connexion a expiré ou a déjà été utilisé. Chaque lien ne sert qu’une fois, pendant peu de temps.',
      userAction: TRY_AGAIN,
    },
    '105': {
      title: 'Un problème est survenu de notre côté',
      userText:
        'Nous n’avons pas pu terminer votre connexion à cause d’un problème de notre côté. Vous n’y êtes pour rien.',
      userAction: `Patientez une minute puis réessayez depuis le portail de votre entreprise. ${CONTACT}`,
    },
    '106': {
      title: 'L’authentification unique est désactivée',
      userText: 'L’authentification unique n’est pas activée actuellement pour votre organisation.',
      userAction: `Connectez-vous autrement, ou demandez à votre administrateur d’activer l’authentification unique. ${CONTACT}`,
    },
  },
  generic: {
    title: 'La connexion n’a pas abouti',
    userText: 'Quelque chose a empêché votre connexion d’aboutir.',
    userAction: `${TRY_AGAIN} ${CONTACT}`,
  },
  documentTitle: 'Erreur {code} : {title}',
  codeLabel: 'Code de référence de l’erreur :',
  actionHeading: 'Que faire',
  signingInTo: 'Vous vous connectiez à {name}.',
  signInAgain: 'Se reconnecter',
  refHeading: 'Référence pour votre support',
  refHint: 'Le support utilise la référence et l’heure pour retrouver exactement ce qui est arrivé à cette connexion.',
  refLabel: 'Référence',
  timeLabel: 'Heure (UTC)',
  copyButton: 'Copier la référence et l’heure',
  copied: 'Référence et heure copiées.',
  copyFailed:
    'La copie automatique a échoué. Le texte est sélectionné : appuyez sur Ctrl+C (⌘C sur un Mac) pour le copier.',
  noRef: 'Le lien qui vous a mené ici ne contenait aucune référence.',
  supportHeading: 'Contacter le support',
  supportEmail: 'Écrire au support : {email}',
  supportUrl: 'Ouvrir la page du support',
  mailSubject: 'Erreur de connexion {code} (référence {ref})',
  mailBody:
    'Bonjour,\n\nma connexion à {name} n’a pas abouti.\n\nCode de référence de l’erreur : {code}\nRéférence : {ref}\nHeure (UTC) : {time}\n\nMerci.',
  footer: 'Vous pouvez fermer cette page une fois la référence notée.',
};
