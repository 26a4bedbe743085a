/** This project's version (a test holds it equal to package.json's). Modules declare the version they were built for against it. */
export const VERSION = '0.21.0';
