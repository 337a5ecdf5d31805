// Over 500 lines: one walk mirroring ESTree's child order for every syntax kind, checked against ESTree as one.
/**
 * A walk over TypeScript's own syntax tree that meets nodes in the order, and with the shapes, of the ESTree tree
 * typescript-estree used to build from it (converting cost four times the parse). The ESTree order is not source
 * order: an ESTree node's children came in the alphabetical order of its keys (`if` visits `alternate`, `consequent`,
 * then `test`; a call its `arguments` before its `callee`), and the occurrence counter in a literal's path, the order
 * of imports and of secret fetches all follow it. Only what ESTree kept is visited: decorators where it had a
 * `decorators` key, no modifiers, no parameters' decorators in an object literal method. A destructuring target is
 * walked as a pattern, as ESTree made `AssignmentPattern` of `=` there.
 */
import ts from "typescript";

const K = ts.SyntaxKind;

/** The ESTree nodes the readers act on, each with the TypeScript node it came from. */
export interface EstreeHooks {
  /** `VariableDeclarator`. */
  variableDeclarator?(node: ts.VariableDeclaration): void;
  /** `AssignmentExpression`: an assignment, any operator, outside a destructuring target. */
  assignment?(node: ts.BinaryExpression): void;
  /** A `Property` whose value may be a string: an object literal entry, an import type attribute. */
  property?(key: ts.Node, value: ts.Node): void;
  /** `PropertyDefinition` / `AccessorProperty`: a class field that is not abstract. */
  field?(node: ts.PropertyDeclaration): void;
  /** `AssignmentPattern`: a default value of a parameter or a destructuring target. */
  assignmentPattern?(left: ts.Node, right: ts.Node): void;
  /** `JSXAttribute`. */
  jsxAttribute?(node: ts.JsxAttribute): void;
  /** `CallExpression` (not `import(...)`, which ESTree made an `ImportExpression`). */
  call?(node: ts.CallExpression): void;
  /** `NewExpression`. */
  newExpression?(node: ts.NewExpression): void;
  /** `BinaryExpression`: neither logical, nor an assignment, nor a comma. */
  binary?(node: ts.BinaryExpression): void;
}

const isAssignmentOperator = (kind: ts.SyntaxKind): boolean => kind >= K.FirstAssignment && kind <= K.LastAssignment;
const isLogicalOperator = (kind: ts.SyntaxKind): boolean =>
  kind === K.AmpersandAmpersandToken || kind === K.BarBarToken || kind === K.QuestionQuestionToken;

/** `import(...)` and `import.defer(...)`, an `ImportExpression` in ESTree. */
export const isImportCall = (node: ts.CallExpression): boolean =>
  node.expression.kind === K.ImportKeyword ||
  (ts.isMetaProperty(node.expression) &&
    node.expression.keywordToken === K.ImportKeyword &&
    node.expression.name.text === "defer");

/** Parentheses, which ESTree drops. */
export function skipParentheses(node: ts.Node): ts.Node {
  while (node.kind === K.ParenthesizedExpression) node = (node as ts.ParenthesizedExpression).expression;
  return node;
}

/**
 * Whether ESTree wrapped a member access, call or `!` in a `ChainExpression` (it is part of an optional chain and not
 * its callee or object): then it is no `MemberExpression` or `CallExpression` to the node above it.
 */
export function isChain(node: ts.Node): boolean {
  switch (node.kind) {
    case K.PropertyAccessExpression:
    case K.ElementAccessExpression:
    case K.CallExpression: {
      const access = node as ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression;
      if (access.kind === K.CallExpression && isImportCall(access)) return false;
      return (
        access.questionDotToken !== undefined ||
        (access.expression.kind !== K.ParenthesizedExpression && isChain(access.expression))
      );
    }
    case K.NonNullExpression: {
      const expression = (node as ts.NonNullExpression).expression;
      return expression.kind !== K.ParenthesizedExpression && isChain(expression);
    }
    default:
      return false;
  }
}

/** The decorators ESTree kept on a node. */
function decoratorsOf(node: ts.Node): readonly ts.Decorator[] | undefined {
  return ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
}

/** Walks `root` (a file, or a function body) in ESTree order, calling the hooks at the ESTree nodes they name. */
export function walkEstree(root: ts.Node, hooks: EstreeHooks): void {
  const each = (nodes: readonly ts.Node[] | undefined): void => {
    if (nodes) for (const node of nodes) visit(node, false);
  };

  /** A parameter, as `convertParameters` (with its decorators) or `convertChildren` (without) made it. */
  const parameter = (node: ts.ParameterDeclaration, withDecorators: boolean): void => {
    const decorators = withDecorators ? decoratorsOf(node) : undefined;
    // A parameter with modifiers became a `TSParameterProperty` holding the decorators before the parameter.
    const wrapped = ts.getModifiers(node) !== undefined;
    if (wrapped) each(decorators);
    if (node.dotDotDotToken) {
      visit(node.name, false);
      if (!wrapped) each(decorators);
      visit(node.type, false);
      return;
    }
    if (node.initializer) {
      // The `AssignmentPattern` is met before its own decorators.
      hooks.assignmentPattern?.(node.name, node.initializer);
      if (!wrapped) each(decorators);
      visit(node.name, false);
      visit(node.type, false);
      visit(node.initializer, false);
      return;
    }
    // An unnamed parameter (of a JSDoc `function(string)` type) crashed typescript-estree's conversion: the file was
    // read as text. Kept, for the same result.
    if ((node.name as ts.BindingName | undefined) === undefined && (node.type || node.questionToken))
      throw new TypeError("Unnamed parameter");
    if (!wrapped) each(decorators);
    visit(node.name, false);
    visit(node.type, false);
  };
  const parameters = (nodes: readonly ts.ParameterDeclaration[], withDecorators: boolean): void => {
    for (const node of nodes) parameter(node, withDecorators);
  };

  /** A function's `body`, `params`, `returnType` and `typeParameters`. */
  const functionParts = (
    node: ts.SignatureDeclarationBase & { body?: ts.Node | undefined },
    withDecorators: boolean,
  ): void => {
    visit(node.body, false);
    parameters(node.parameters, withDecorators);
    visit(node.type, false);
    each(node.typeParameters);
  };

  /** Members of an interface or type literal, where an accessor is a `TSMethodSignature`. */
  const typeMembers = (members: readonly ts.TypeElement[]): void => {
    for (const member of members) {
      if (member.kind === K.GetAccessor || member.kind === K.SetAccessor) {
        const accessor = member as ts.AccessorDeclaration;
        visit(accessor.name, false);
        parameters(accessor.parameters, true);
        visit(accessor.type, false);
        each(accessor.typeParameters);
      } else visit(member, false);
    }
  };

  const visit = (node: ts.Node | undefined, asPattern: boolean): void => {
    if (!node) return;
    switch (node.kind) {
      case K.SourceFile:
        each((node as ts.SourceFile).statements);
        return;
      case K.Block:
      case K.ModuleBlock:
        each((node as ts.Block).statements);
        return;
      case K.ClassStaticBlockDeclaration:
        each((node as ts.ClassStaticBlockDeclaration).body.statements);
        return;
      case K.VariableStatement:
        each((node as ts.VariableStatement).declarationList.declarations);
        return;
      case K.VariableDeclarationList:
        each((node as ts.VariableDeclarationList).declarations);
        return;
      case K.VariableDeclaration: {
        const declaration = node as ts.VariableDeclaration;
        hooks.variableDeclarator?.(declaration);
        visit(declaration.name, true);
        visit(declaration.type, false);
        visit(declaration.initializer, false);
        return;
      }
      case K.ExpressionStatement:
        visit((node as ts.ExpressionStatement).expression, false);
        return;
      case K.IfStatement: {
        const statement = node as ts.IfStatement;
        visit(statement.elseStatement, false);
        visit(statement.thenStatement, false);
        visit(statement.expression, false);
        return;
      }
      case K.DoStatement:
      case K.WhileStatement: {
        const statement = node as ts.DoStatement | ts.WhileStatement;
        visit(statement.statement, false);
        visit(statement.expression, false);
        return;
      }
      case K.ForStatement: {
        const statement = node as ts.ForStatement;
        visit(statement.statement, false);
        visit(statement.initializer, false);
        visit(statement.condition, false);
        visit(statement.incrementor, false);
        return;
      }
      case K.ForInStatement:
      case K.ForOfStatement: {
        const statement = node as ts.ForInStatement | ts.ForOfStatement;
        visit(statement.statement, false);
        visit(statement.initializer, true);
        visit(statement.expression, false);
        return;
      }
      case K.ReturnStatement:
      case K.ThrowStatement:
        visit((node as ts.ReturnStatement).expression, false);
        return;
      case K.LabeledStatement: {
        const statement = (node as ts.LabeledStatement).statement;
        // `apiKey: "..."` alone: an object's member pasted as a statement (a label before a bare string does nothing).
        if (statement.kind === K.ExpressionStatement) {
          // Parenthesised or not, as typescript-estree (which drops parentheses) reads it.
          const expression = skipParentheses((statement as ts.ExpressionStatement).expression);
          if (expression.kind === K.StringLiteral || expression.kind === K.NoSubstitutionTemplateLiteral)
            hooks.property?.((node as ts.LabeledStatement).label, expression);
        }
        visit(statement, false);
        return;
      }
      case K.WithStatement: {
        const statement = node as ts.WithStatement;
        visit(statement.statement, false);
        visit(statement.expression, false);
        return;
      }
      case K.SwitchStatement: {
        const statement = node as ts.SwitchStatement;
        for (const clause of statement.caseBlock.clauses) {
          each(clause.statements);
          if (clause.kind === K.CaseClause) visit(clause.expression, false);
        }
        visit(statement.expression, false);
        return;
      }
      case K.TryStatement: {
        const statement = node as ts.TryStatement;
        visit(statement.tryBlock, false);
        visit(statement.finallyBlock, false);
        visit(statement.catchClause, false);
        return;
      }
      case K.CatchClause: {
        const clause = node as ts.CatchClause;
        visit(clause.block, false);
        visit(clause.variableDeclaration?.name, true);
        visit(clause.variableDeclaration?.type, false);
        return;
      }
      case K.FunctionDeclaration:
      case K.FunctionExpression:
      case K.ArrowFunction:
        functionParts(node as ts.FunctionLikeDeclarationBase, true);
        return;
      case K.ClassDeclaration:
      case K.ClassExpression: {
        const declaration = node as ts.ClassLikeDeclaration;
        for (const member of declaration.members) if (member.kind !== K.SemicolonClassElement) visit(member, false);
        each(decoratorsOf(declaration));
        const extendsClause = declaration.heritageClauses?.find((clause) => clause.token === K.ExtendsKeyword);
        const implementsClause = declaration.heritageClauses?.find((clause) => clause.token === K.ImplementsKeyword);
        each(implementsClause?.types);
        const superClass = extendsClause?.types[0];
        visit(superClass?.expression, false);
        each(superClass?.typeArguments);
        each(declaration.typeParameters);
        return;
      }
      case K.PropertyDeclaration: {
        const declaration = node as ts.PropertyDeclaration;
        const abstract = ts.getModifiers(declaration)?.some((modifier) => modifier.kind === K.AbstractKeyword) === true;
        if (!abstract) hooks.field?.(declaration);
        each(decoratorsOf(declaration));
        visit(declaration.name, false);
        visit(declaration.type, false);
        if (!abstract) visit(declaration.initializer, false);
        return;
      }
      // In a class; object literals and type members are read where they are met (the tree has no parent links).
      case K.GetAccessor:
      case K.SetAccessor:
      case K.MethodDeclaration: {
        const method = node as ts.MethodDeclaration | ts.AccessorDeclaration;
        each(decoratorsOf(method));
        visit(method.name, false);
        functionParts(method, true);
        return;
      }
      case K.Constructor:
        functionParts(node as ts.ConstructorDeclaration, true);
        return;
      case K.Parameter:
        parameter(node as ts.ParameterDeclaration, false);
        return;
      case K.ObjectBindingPattern:
        for (const element of (node as ts.ObjectBindingPattern).elements) {
          visit(element.propertyName ?? element.name, false);
          if (element.initializer) {
            hooks.assignmentPattern?.(element.name, element.initializer);
            visit(element.name, false);
            visit(element.initializer, false);
          } else if (!element.dotDotDotToken) visit(element.name, false);
        }
        return;
      case K.ArrayBindingPattern:
        for (const element of (node as ts.ArrayBindingPattern).elements) {
          if (element.kind === K.OmittedExpression) continue;
          if (element.initializer) hooks.assignmentPattern?.(element.name, element.initializer);
          visit(element.name, false);
          visit(element.initializer, false);
        }
        return;
      case K.ObjectLiteralExpression:
        for (const member of (node as ts.ObjectLiteralExpression).properties) {
          switch (member.kind) {
            case K.PropertyAssignment:
              hooks.property?.(member.name, member.initializer);
              visit(member.name, false);
              visit(member.initializer, asPattern);
              break;
            case K.ShorthandPropertyAssignment:
              if (member.objectAssignmentInitializer) {
                hooks.assignmentPattern?.(member.name, member.objectAssignmentInitializer);
                visit(member.objectAssignmentInitializer, false);
              }
              break;
            case K.SpreadAssignment:
              visit(member.expression, asPattern);
              break;
            default:
              // A method or accessor: a `Property` whose value is a function, its parameters without decorators.
              visit(member.name, false);
              functionParts(member, false);
          }
        }
        return;
      case K.ArrayLiteralExpression:
        for (const element of (node as ts.ArrayLiteralExpression).elements)
          if (element.kind !== K.OmittedExpression) visit(element, asPattern);
        return;
      case K.SpreadElement:
        visit((node as ts.SpreadElement).expression, asPattern);
        return;
      case K.BinaryExpression: {
        const binary = node as ts.BinaryExpression;
        const operator = binary.operatorToken.kind;
        if (operator === K.CommaToken) {
          visit(binary.left, false);
          visit(binary.right, false);
          return;
        }
        if (isAssignmentOperator(operator)) {
          if (asPattern) hooks.assignmentPattern?.(binary.left, binary.right);
          else hooks.assignment?.(binary);
          visit(binary.left, true);
          visit(binary.right, false);
          return;
        }
        if (!isLogicalOperator(operator)) hooks.binary?.(binary);
        visit(binary.left, false);
        visit(binary.right, false);
        return;
      }
      case K.ConditionalExpression: {
        const conditional = node as ts.ConditionalExpression;
        visit(conditional.whenFalse, false);
        visit(conditional.whenTrue, false);
        visit(conditional.condition, false);
        return;
      }
      case K.CallExpression: {
        const call = node as ts.CallExpression;
        if (isImportCall(call)) {
          visit(call.arguments[1], false);
          visit(call.arguments[0], false);
          return;
        }
        hooks.call?.(call);
        each(call.arguments);
        visit(call.expression, false);
        each(call.typeArguments);
        return;
      }
      case K.NewExpression: {
        const call = node as ts.NewExpression;
        hooks.newExpression?.(call);
        each(call.arguments);
        visit(call.expression, false);
        each(call.typeArguments);
        return;
      }
      case K.PropertyAccessExpression:
        visit((node as ts.PropertyAccessExpression).expression, false);
        return;
      case K.ElementAccessExpression: {
        const access = node as ts.ElementAccessExpression;
        visit(access.expression, false);
        visit(access.argumentExpression, false);
        return;
      }
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.TypeAssertionExpression: {
        const assertion = node as ts.AsExpression;
        visit(assertion.expression, false);
        visit(assertion.type, false);
        return;
      }
      case K.ExpressionWithTypeArguments: {
        const expression = node as ts.ExpressionWithTypeArguments;
        visit(expression.expression, false);
        each(expression.typeArguments);
        return;
      }
      case K.TaggedTemplateExpression: {
        const tagged = node as ts.TaggedTemplateExpression;
        visit(tagged.template, false);
        visit(tagged.tag, false);
        each(tagged.typeArguments);
        return;
      }
      case K.TemplateExpression:
        for (const span of (node as ts.TemplateExpression).templateSpans) visit(span.expression, false);
        return;
      case K.ParenthesizedExpression:
      case K.NonNullExpression:
      case K.AwaitExpression:
      case K.TypeOfExpression:
      case K.VoidExpression:
      case K.DeleteExpression:
      case K.YieldExpression:
      case K.Decorator:
      case K.ComputedPropertyName:
      case K.JsxSpreadAttribute:
      case K.JsxExpression:
      case K.ExportAssignment:
      case K.ExternalModuleReference:
        visit((node as ts.ParenthesizedExpression).expression, false);
        return;
      case K.PrefixUnaryExpression:
      case K.PostfixUnaryExpression:
        visit((node as ts.PrefixUnaryExpression).operand, false);
        return;
      case K.JsxElement: {
        const element = node as ts.JsxElement;
        each(element.children);
        each(element.openingElement.attributes.properties);
        each(element.openingElement.typeArguments);
        return;
      }
      case K.JsxSelfClosingElement: {
        const element = node as ts.JsxSelfClosingElement;
        each(element.attributes.properties);
        each(element.typeArguments);
        return;
      }
      case K.JsxFragment:
        each((node as ts.JsxFragment).children);
        return;
      case K.JsxAttribute:
        hooks.jsxAttribute?.(node as ts.JsxAttribute);
        visit((node as ts.JsxAttribute).initializer, false);
        return;
      case K.ImportDeclaration:
      case K.ExportDeclaration:
        for (const attribute of (node as ts.ImportDeclaration).attributes?.elements ?? [])
          visit(attribute.value, false);
        return;
      case K.ImportEqualsDeclaration:
        visit((node as ts.ImportEqualsDeclaration).moduleReference, false);
        return;
      case K.TypeAliasDeclaration: {
        const declaration = node as ts.TypeAliasDeclaration;
        visit(declaration.type, false);
        each(declaration.typeParameters);
        return;
      }
      case K.InterfaceDeclaration: {
        const declaration = node as ts.InterfaceDeclaration;
        typeMembers(declaration.members);
        for (const clause of declaration.heritageClauses ?? [])
          if (clause.token === K.ExtendsKeyword) each(clause.types);
        each(declaration.typeParameters);
        return;
      }
      case K.EnumDeclaration:
        each((node as ts.EnumDeclaration).members);
        return;
      case K.EnumMember: {
        const member = node as ts.EnumMember;
        visit(member.name, false);
        visit(member.initializer, false);
        return;
      }
      case K.ModuleDeclaration: {
        let declaration = node as ts.ModuleDeclaration;
        // `namespace a.b.c {}` nests declarations; ESTree kept the innermost body only.
        if (!(declaration.flags & ts.NodeFlags.GlobalAugmentation) && !ts.isStringLiteral(declaration.name)) {
          while (declaration.body && ts.isModuleDeclaration(declaration.body)) declaration = declaration.body;
        }
        visit(declaration.body, false);
        return;
      }
      case K.TypeReference:
        each((node as ts.TypeReferenceNode).typeArguments);
        return;
      case K.TypeParameter: {
        const parameterNode = node as ts.TypeParameterDeclaration;
        visit(parameterNode.constraint, false);
        visit(parameterNode.default, false);
        return;
      }
      case K.TypeLiteral:
        typeMembers((node as ts.TypeLiteralNode).members);
        return;
      case K.PropertySignature: {
        const signature = node as ts.PropertySignature;
        visit(signature.name, false);
        visit(signature.type, false);
        return;
      }
      case K.MethodSignature:
      case K.CallSignature:
      case K.ConstructSignature:
      case K.FunctionType:
      case K.ConstructorType: {
        const signature = node as ts.SignatureDeclarationBase;
        if (node.kind === K.MethodSignature) visit(signature.name, false);
        parameters(signature.parameters, true);
        visit(signature.type, false);
        each(signature.typeParameters);
        return;
      }
      case K.IndexSignature: {
        const signature = node as ts.IndexSignatureDeclaration;
        parameters(signature.parameters, false);
        visit(signature.type, false);
        return;
      }
      case K.ArrayType:
        visit((node as ts.ArrayTypeNode).elementType, false);
        return;
      case K.TupleType:
        each((node as ts.TupleTypeNode).elements);
        return;
      case K.NamedTupleMember:
      case K.OptionalType:
      case K.RestType:
      case K.TypeOperator:
      case K.ParenthesizedType:
      case K.TypePredicate:
        visit((node as ts.OptionalTypeNode).type, false);
        return;
      case K.UnionType:
      case K.IntersectionType:
        each((node as ts.UnionTypeNode).types);
        return;
      case K.ConditionalType: {
        const conditional = node as ts.ConditionalTypeNode;
        visit(conditional.checkType, false);
        visit(conditional.extendsType, false);
        visit(conditional.falseType, false);
        visit(conditional.trueType, false);
        return;
      }
      case K.IndexedAccessType: {
        const access = node as ts.IndexedAccessTypeNode;
        visit(access.indexType, false);
        visit(access.objectType, false);
        return;
      }
      case K.MappedType: {
        const mapped = node as ts.MappedTypeNode;
        visit(mapped.typeParameter.constraint, false);
        visit(mapped.nameType, false);
        visit(mapped.type, false);
        return;
      }
      case K.TypeQuery: {
        const query = node as ts.TypeQueryNode;
        visit(query.exprName, false);
        each(query.typeArguments);
        return;
      }
      case K.ImportType: {
        const importType = node as ts.ImportTypeNode;
        for (const attribute of importType.attributes?.elements ?? []) {
          hooks.property?.(attribute.name, attribute.value);
          visit(attribute.value, false);
        }
        each(importType.typeArguments);
        return;
      }
      case K.InferType:
        visit((node as ts.InferTypeNode).typeParameter, false);
        return;
      case K.TemplateLiteralType:
        for (const span of (node as ts.TemplateLiteralTypeNode).templateSpans) visit(span.type, false);
        return;
      case K.Identifier:
      case K.PrivateIdentifier:
      case K.StringLiteral:
      case K.NumericLiteral:
      case K.BigIntLiteral:
      case K.RegularExpressionLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.JsxText:
      case K.LiteralType:
      case K.QualifiedName:
      case K.MetaProperty:
      case K.ThisKeyword:
      case K.SuperKeyword:
      case K.TrueKeyword:
      case K.FalseKeyword:
      case K.NullKeyword:
      case K.EmptyStatement:
      case K.DebuggerStatement:
      case K.BreakStatement:
      case K.ContinueStatement:
      case K.NamespaceExportDeclaration:
      case K.OmittedExpression:
      case K.ThisType:
      case K.AnyKeyword:
      case K.BigIntKeyword:
      case K.BooleanKeyword:
      case K.NeverKeyword:
      case K.NumberKeyword:
      case K.ObjectKeyword:
      case K.StringKeyword:
      case K.SymbolKeyword:
      case K.UnknownKeyword:
      case K.VoidKeyword:
      case K.UndefinedKeyword:
      case K.IntrinsicKeyword:
        return;
      default:
        copied(node);
    }
  };

  /**
   * A kind ESTree copied as it was (a JSDoc type in a TypeScript file, a keyword type): its `type` first, then type
   * arguments, type parameters and decorators, then its other children.
   */
  const copied = (node: ts.Node): void => {
    const fields = node as unknown as Record<string, unknown>;
    const typeNode = fields.type;
    if (isNode(typeNode) && ts.isTypeNode(typeNode)) visit(typeNode, false);
    const typeArguments = fields.typeArguments as ts.NodeArray<ts.Node> | undefined;
    const typeParameters = fields.typeParameters as ts.NodeArray<ts.Node> | undefined;
    each(typeArguments);
    each(typeParameters);
    each(decoratorsOf(node));
    ts.forEachChild(
      node,
      (child) => {
        if (child !== typeNode) visit(child, false);
      },
      (children) => {
        if (children !== typeArguments && children !== typeParameters && children !== (fields.modifiers as unknown))
          each(children);
      },
    );
  };

  visit(root, false);
}

const isNode = (value: unknown): value is ts.Node =>
  typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "number";
