/** TTT's version, as the CLI (`ttt -V`), the API's health route and its OpenAPI document give it. */
export const VERSION = "0.1.0";
