package gateway

import (
	"fmt"
	"net/http"

	"github.com/wundergraph/graphql-go-tools/v2/pkg/engine/datasource/graphql_datasource"
	"github.com/wundergraph/graphql-go-tools/v2/pkg/engine/plan"
)

// dataSource turns one composed subgraph into an engine data source named
// name that posts to url. Its fetch configuration carries no headers: they
// come per request from the header builder (headers.go).
func dataSource(factory plan.PlannerFactory[graphql_datasource.Configuration], in dataSourceConfig, name, url string, strings map[string]string) (plan.DataSource, error) {
	upstream, ok := strings[in.CustomGraphql.UpstreamSchema.Key]
	if !ok {
		return nil, fmt.Errorf("no upstream schema under key %q", in.CustomGraphql.UpstreamSchema.Key)
	}
	schemaCfg, err := graphql_datasource.NewSchemaConfiguration(upstream, &graphql_datasource.FederationConfiguration{
		Enabled:    in.CustomGraphql.Federation.Enabled,
		ServiceSDL: in.CustomGraphql.Federation.ServiceSdl,
	})
	if err != nil {
		return nil, fmt.Errorf("schema configuration: %w", err)
	}
	custom, err := graphql_datasource.NewConfiguration(graphql_datasource.ConfigurationInput{
		Fetch:               &graphql_datasource.FetchConfiguration{URL: url, Method: http.MethodPost},
		SchemaConfiguration: schemaCfg,
	})
	if err != nil {
		return nil, fmt.Errorf("data source configuration: %w", err)
	}
	return plan.NewDataSourceConfigurationWithName(name, name, factory, metadata(in), custom)
}

// metadata is what the planner knows of a subgraph: the fields it owns,
// its entity keys and federation directives.
func metadata(in dataSourceConfig) *plan.DataSourceMetadata {
	dirs := plan.DirectiveConfigurations{}
	for _, d := range in.Directives {
		dirs = append(dirs, plan.DirectiveConfiguration{DirectiveName: d.DirectiveName, RenameTo: d.DirectiveName})
	}
	m := &plan.DataSourceMetadata{Directives: &dirs}
	for _, n := range in.RootNodes {
		m.RootNodes = append(m.RootNodes, plan.TypeField{TypeName: n.TypeName, FieldNames: n.FieldNames})
	}
	for _, n := range in.ChildNodes {
		m.ChildNodes = append(m.ChildNodes, plan.TypeField{TypeName: n.TypeName, FieldNames: n.FieldNames})
	}
	fed := func(list []federationField) []plan.FederationFieldConfiguration {
		out := make([]plan.FederationFieldConfiguration, 0, len(list))
		for _, k := range list {
			out = append(out, plan.FederationFieldConfiguration{TypeName: k.TypeName, FieldName: k.FieldName,
				SelectionSet: k.SelectionSet, DisableEntityResolver: k.DisableEntityResolver})
		}
		return out
	}
	m.FederationMetaData.Keys = fed(in.Keys)
	m.FederationMetaData.Provides = fed(in.Provides)
	m.FederationMetaData.Requires = fed(in.Requires)
	for _, e := range in.EntityInterfaces {
		m.FederationMetaData.EntityInterfaces = append(m.FederationMetaData.EntityInterfaces,
			plan.EntityInterfaceConfiguration{InterfaceTypeName: e.InterfaceTypeName, ConcreteTypeNames: e.ConcreteTypeNames})
	}
	for _, e := range in.InterfaceObjects {
		m.FederationMetaData.InterfaceObjects = append(m.FederationMetaData.InterfaceObjects,
			plan.EntityInterfaceConfiguration{InterfaceTypeName: e.InterfaceTypeName, ConcreteTypeNames: e.ConcreteTypeNames})
	}
	return m
}
