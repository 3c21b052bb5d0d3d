import { error } from "../error";

export const SetupError = {
  notFound: error("setup.not_found", "This setup link is not valid. Check that you opened the whole link."),
  expired: error("setup.expired", "This setup link has expired. Ask your admin for a new one."),
  used: error("setup.used", "This setup link has already been used. Sign in, or ask your admin for a new link."),
  totpNotStarted: error("setup.totp_not_started", "Set up your authenticator first: request the QR code, then enter a code from the app."),
};
