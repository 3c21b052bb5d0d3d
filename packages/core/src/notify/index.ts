export { notify, notifyPerson, type NotifyDeps } from "./notify";
export { notifySuperAdmins } from "./break-glass";
export { noticeMail, NOTICE_TYPES, type NoticeInput } from "./templates";
