/** Español. */
import type { PageTexts } from './page-texts';

const TRY_AGAIN = 'Vuelva al portal de su empresa e inicie sesión de nuevo.';
const CONTACT = 'Si vuelve a ocurrir, contacte con su servicio de soporte y facilíteles la referencia de abajo.';

export const es: PageTexts = {
  languageName: 'Español',
  product: 'Inicio de sesión único Infoauth',
  codes: {
    '101': {
      title: 'Enlace de inicio de sesión no reconocido',
      userText:
        'El enlace de inicio de sesión que ha seguido no pertenece a ninguna configuración conocida de inicio de sesión único.',
      userAction: `${TRY_AGAIN} ${CONTACT}`,
    },
    '102': {
      title: 'No se pudo verificar el inicio de sesión',
      userText: 'El servicio de inicio de sesión de su empresa no pudo demostrarnos su identidad.',
      userAction: `${TRY_AGAIN} ${CONTACT}`,
    },
    '103': {
      title: 'Los datos de inicio de sesión no eran válidos',
      userText: 'Los datos enviados por el servicio de inicio de sesión de su empresa no eran válidos.',
      userAction: `${TRY_AGAIN} ${CONTACT}`,
    },
    '104': {
      title: 'Enlace de inicio de sesión caducado o ya utilizado',
      userText:
        'Este enlace de inicio de sesión ha caducado o ya se ha utilizado. Cada enlace sirve una sola vez y durante poco tiempo.',
      userAction: TRY_AGAIN,
    },
    '105': {
      title: 'Algo ha fallado por nuestra parte',
      userText: 'No pudimos completar su inicio de sesión por un problema de nuestro lado. No lo ha causado usted.',
      userAction: `Espere un minuto e inténtelo de nuevo desde el portal de su empresa. ${CONTACT}`,
    },
    '106': {
      title: 'El inicio de sesión único está desactivado',
      userText: 'El inicio de sesión único no está activado actualmente para su organización.',
      userAction: `Inicie sesión de otra forma o pida a su administrador que active el inicio de sesión único. ${CONTACT}`,
    },
  },
  generic: {
    title: 'El inicio de sesión no se completó',
    userText: 'Algo impidió que se completara su inicio de sesión.',
    userAction: `${TRY_AGAIN} ${CONTACT}`,
  },
  documentTitle: 'Error {code}: {title}',
  codeLabel: 'Código de referencia del error:',
  actionHeading: 'Qué puede hacer',
  signingInTo: 'Estaba iniciando sesión en {name}.',
  signInAgain: 'Iniciar sesión de nuevo',
  refHeading: 'Referencia para su servicio de soporte',
  refHint: 'El soporte usa la referencia y la hora para saber exactamente qué pasó con este inicio de sesión.',
  refLabel: 'Referencia',
  timeLabel: 'Hora (UTC)',
  copyButton: 'Copiar referencia y hora',
  copied: 'Referencia y hora copiadas.',
  copyFailed:
    'No se pudo copiar automáticamente. El texto está seleccionado: pulse Ctrl+C (⌘C en un Mac) para copiarlo.',
  noRef: 'El enlace que le trajo aquí no incluía ninguna referencia.',
  supportHeading: 'Contactar con soporte',
  supportEmail: 'Escribir al soporte: {email}',
  supportUrl: 'Abrir la página de soporte',
  mailSubject: 'Error de inicio de sesión {code} (referencia {ref})',
  mailBody:
    'Hola:\n\nmi inicio de sesión en {name} no se completó.\n\nCódigo de referencia del error: {code}\nReferencia: {ref}\nHora (UTC): {time}\n\nGracias.',
  footer: 'Puede cerrar esta página cuando haya anotado la referencia.',
};
